import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { HelenError } from '../errors.js';

/**
 * Reads a text file line by line in 1 MiB chunks (memory bounded by the longest
 * line, not the file). `onLine` gets the line without its newline and its
 * 1-based number; returning false stops reading.
 */
export function forEachLine(file: string, onLine: (line: string, lineNo: number) => boolean | void): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new HelenError('E_TRACE_IO', `cannot read ${file}: ${(e as Error).message}`, { file });
  }
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    // A multi-byte character may straddle two chunks; the decoder holds its first bytes back.
    const decoder = new StringDecoder('utf8');
    let carry = '';
    let lineNo = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) break;
      const text = carry + decoder.write(buf.subarray(0, n));
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        if (onLine(text.slice(start, nl), ++lineNo) === false) return;
        start = nl + 1;
      }
      carry = text.slice(start);
    }
    if (carry) onLine(carry, ++lineNo);
  } finally {
    closeSync(fd);
  }
}
