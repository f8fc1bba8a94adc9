import { closeSync, fstatSync, openSync, readSync } from '../io/fs.js';
import { HelenError } from '../errors.js';
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

/** Longer last lines are not looked at: a trace's closing line (Perfetto `otherData`, JSONL `close`) is a few dozen bytes a signal. */
const MAX_LAST_LINE_BYTES = 64 * 2 ** 20;

/**
 * The file's last non-empty line, read backwards in 64 KiB chunks (a newline
 * byte never occurs inside a UTF-8 character); '' when it is longer than
 * MAX_LAST_LINE_BYTES.
 */
export function lastLine(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new HelenError('E_TRACE_IO', `cannot read ${file}: ${(e as Error).message}`, { file });
  }
  try {
    let pos = fstatSync(fd).size;
    const parts: Uint8Array[] = [];
    let bytes = 0;
    let content = false;
    while (pos > 0 && bytes <= MAX_LAST_LINE_BYTES) {
      const n = Math.min(1 << 16, pos);
      pos -= n;
      let buf = new Uint8Array(n);
      readSync(fd, buf, 0, n, pos);
      if (!content) {
        // Skip the trailing newline and spaces.
        let end = n;
        while (
          end > 0 &&
          (buf[end - 1] === 0x0a || buf[end - 1] === 0x0d || buf[end - 1] === 0x20 || buf[end - 1] === 0x09)
        )
          end--;
        if (end === 0) continue;
        content = true;
        buf = buf.subarray(0, end);
      }
      const nl = buf.lastIndexOf(0x0a);
      if (nl >= 0) {
        parts.unshift(buf.subarray(nl + 1));
        return decodeParts(parts);
      }
      parts.unshift(buf);
      bytes += buf.length;
    }
    return pos === 0 ? decodeParts(parts) : '';
  } finally {
    closeSync(fd);
  }
}

/** The chunks, in order, decoded as one UTF-8 text. */
function decodeParts(parts: readonly Uint8Array[]): string {
  const whole = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    whole.set(p, at);
    at += p.length;
  }
  return new TextDecoder().decode(whole);
}
