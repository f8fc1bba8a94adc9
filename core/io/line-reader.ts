import { closeSync, fstatSync, openSync, readSync } from './fs.js';
import { HelenError } from '../errors.js';

const CHUNK_BYTES = 1 << 16;
const MAX_LINE_BYTES = 1 << 24;

/**
 * Reads a text file line by line, synchronously, holding one chunk at a time:
 * a simulation pulls the next operation when it needs it, so a trace of any
 * length is streamed rather than loaded whole.
 */
export class LineReader {
  private fd: number | undefined;
  private pending = '';
  private readonly buf = new Uint8Array(CHUNK_BYTES);
  private readonly decoder = new TextDecoder('utf-8');
  private eof = false;
  /** 1-based number of the line last returned. */
  lineNumber = 0;
  /** Bytes read from the file so far (for progress). */
  bytesRead = 0;
  /** Size of the file when opened. */
  readonly sizeBytes: number;

  constructor(
    readonly file: string,
    readonly displayName = file,
  ) {
    try {
      this.fd = openSync(file, 'r');
      this.sizeBytes = fstatSync(this.fd).size;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new HelenError('E_FILE', code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`, {
        file: displayName,
      });
    }
  }

  /** The next line without its newline, or undefined at the end of the file. */
  next(): string | undefined {
    for (;;) {
      const nl = this.pending.indexOf('\n');
      if (nl >= 0) {
        const line = this.pending.slice(0, nl);
        this.pending = this.pending.slice(nl + 1);
        this.lineNumber++;
        return line.endsWith('\r') ? line.slice(0, -1) : line;
      }
      if (this.eof) {
        if (this.pending.length === 0) return undefined;
        const line = this.pending;
        this.pending = '';
        this.lineNumber++;
        return line;
      }
      if (this.pending.length > MAX_LINE_BYTES) {
        throw new HelenError('E_FORMAT', `line is longer than ${MAX_LINE_BYTES} bytes`, {
          file: this.displayName,
          line: this.lineNumber + 1,
        });
      }
      const n = this.fd === undefined ? 0 : readSync(this.fd, this.buf, 0, CHUNK_BYTES, null);
      if (n === 0) {
        this.eof = true;
        this.pending += this.decoder.decode();
        this.close();
      } else {
        this.bytesRead += n;
        this.pending += this.decoder.decode(this.buf.subarray(0, n), { stream: true });
      }
    }
  }

  close(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }
}
