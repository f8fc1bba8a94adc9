import { LineReader } from '../io/line-reader.js';

/**
 * Calls `onLine` with every line of a text file (without its newline) and its
 * 1-based number, streaming; returning false stops reading.
 */
export function forEachLine(file: string, onLine: (line: string, lineNo: number) => boolean | void): void {
  const reader = new LineReader(file);
  try {
    for (let line = reader.next(); line !== undefined; line = reader.next()) {
      if (onLine(line, reader.lineNumber) === false) return;
    }
  } finally {
    reader.close();
  }
}
