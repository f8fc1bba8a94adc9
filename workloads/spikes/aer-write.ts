import { closeSync, mkdirSync, openSync, processId, renameSync, rmSync, writeSync } from '../../core/io/fs.js';
import { basename, dirname, join } from '../../core/io/path.js';
import { AER_HEADER } from './aer-csv.js';
import { formatTimeUs } from './events.js';

const FLUSH_CHARS = 1 << 16;

/**
 * A text file written in pieces to a temporary name beside its target and
 * renamed into place by `commit`: a failed or interrupted run never leaves a
 * truncated file under the real name (the same rule as api/output.ts).
 */
export class AtomicTextWriter {
  private fd: number | undefined;
  private readonly tmp: string;
  private pending = '';

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.tmp = join(dirname(file), `.helen-tmp-${processId()}-${basename(file)}`);
    this.fd = openSync(this.tmp, 'w');
  }

  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.fd !== undefined && this.pending) writeSync(this.fd, this.pending);
    this.pending = '';
  }

  /** Finishes the file and moves it to its name. */
  commit(): void {
    if (this.fd === undefined) return;
    try {
      this.flush();
      closeSync(this.fd);
      this.fd = undefined;
      renameSync(this.tmp, this.file);
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  /** Drops the temporary file; the target is left as it was. */
  abort(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.tmp, { force: true });
  }
}

/** Writes address events as an AER CSV (`t_us,address`), times exact to the picosecond. */
export class AerCsvWriter {
  private readonly out: AtomicTextWriter;
  /** Events written so far. */
  events = 0;

  constructor(file: string) {
    this.out = new AtomicTextWriter(file);
    this.out.write(`${AER_HEADER}\n`);
  }

  /** Appends one event; callers keep times non-decreasing (the readers insist on it). */
  write(timePs: number, address: number): void {
    this.out.write(`${formatTimeUs(timePs)},${address}\n`);
    this.events++;
  }

  commit(): void {
    this.out.commit();
  }

  abort(): void {
    this.out.abort();
  }
}
