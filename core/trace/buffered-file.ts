import { closeSync, openSync, readSync, rmSync, utf8Bytes, writeSync } from '../io/fs.js';
import { dirname } from '../io/path.js';
import {
  commitTemp as commitOutput,
  ensureDir,
  outputError,
  tempPathFor,
  type OutputRequest,
} from '../io/output-file.js';

export { tempPathFor };

/** Trace files (`run --trace`, `trace slice|convert -o`) keep their own error code. */
export const TRACE_OUTPUT: OutputRequest = { option: 'trace output', code: 'E_TRACE_IO' };

/** Characters gathered before one write system call: large enough to amortise it, small enough to bound memory. */
const CHUNK_CHARS = 1 << 18;

/**
 * A file written through a descriptor in chunks: strings are appended in memory
 * and flushed every ~256 K characters, so a trace of any length needs a
 * constant amount of memory.
 */
export class BufferedFile {
  private fd: number | undefined;
  private pending = '';
  /** Bytes handed to the operating system so far (excluding what is still pending). */
  bytesFlushed = 0;

  /** `target` is the file the user named (`path` is usually a temporary name beside it), for error messages. */
  constructor(
    readonly path: string,
    private readonly target = path,
  ) {
    try {
      ensureDir(dirname(path));
      this.fd = openSync(path, 'w');
    } catch (e) {
      throw outputError(e, target, TRACE_OUTPUT);
    }
  }

  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= CHUNK_CHARS) this.flush();
  }

  /** Bytes written so far, pending ones included. */
  get bytesWritten(): number {
    return this.bytesFlushed + utf8Bytes(this.pending);
  }

  flush(): void {
    if (this.fd === undefined || this.pending.length === 0) return;
    const buf = new TextEncoder().encode(this.pending);
    this.pending = '';
    let off = 0;
    try {
      while (off < buf.length) off += writeSync(this.fd, buf, off);
    } catch (e) {
      throw outputError(e, this.target, TRACE_OUTPUT);
    }
    this.bytesFlushed += buf.length;
  }

  /** Appends `length` bytes of another file from `offset`, in chunks, through `transform` when given (for rewriting a body). */
  appendFile(path: string, offset = 0, length = Infinity, transform?: (chunk: string) => string): void {
    this.flush();
    const fd = openSync(path, 'r');
    try {
      const buf = new Uint8Array(1 << 20);
      let pos = offset;
      let left = length;
      let carry = '';
      for (;;) {
        const n = readSync(fd, buf, 0, Math.min(buf.length, left), pos);
        if (n <= 0) break;
        pos += n;
        left -= n;
        if (!transform) {
          let off = 0;
          try {
            while (off < n) off += writeSync(this.fd!, buf, off, n - off);
          } catch (e) {
            throw outputError(e, this.target, TRACE_OUTPUT);
          }
          this.bytesFlushed += n;
          continue;
        }
        // Transform whole lines only; the partial last line waits for the next chunk.
        const text = carry + latin1(buf.subarray(0, n));
        const cut = text.lastIndexOf('\n') + 1;
        carry = text.slice(cut);
        this.write(transform(text.slice(0, cut)));
      }
      if (carry) this.write(transform!(carry));
    } finally {
      closeSync(fd);
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  /** Closes without flushing (the content is about to be discarded). */
  discard(): void {
    this.pending = '';
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.path, { force: true });
  }
}

/** Renames the finished temporary trace onto its final name, removing it if that fails. */
export function commitTemp(tmp: string, file: string): void {
  commitOutput(tmp, file, TRACE_OUTPUT);
}

/** Bytes as Latin-1 text, one character per byte (what Node's 'latin1' decoding gives). */
function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}
