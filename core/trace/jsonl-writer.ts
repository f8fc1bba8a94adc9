import type { TimePs } from '../kernel/time.js';
import { BufferedFile, commitTemp, tempPathFor } from './buffered-file.js';
import type { SignalChange, SignalDeclaration, SignalValue, SpanEvent } from './trace-bus.js';
import type { TraceMeta, TraceSink } from './trace-sink.js';
import { HelenError } from '../errors.js';

/** Version of the JSON Lines trace format (the `version` of its header line). */
export const JSONL_TRACE_VERSION = 1;

/**
 * Writes a trace as JSON Lines, one event per line, for scripts:
 * a `header` line, `declare` lines, `signal` / `begin` / `end` lines with
 * `t_ps`, and a final `close` line (a file without it was cut short).
 */
export class JsonlTraceWriter implements TraceSink {
  private readonly out: BufferedFile;
  private readonly tmp: string;
  // Component and signal names recur on every line: quote each once.
  private readonly quoted = new Map<string, string>();

  constructor(
    private readonly file: string,
    meta: TraceMeta,
  ) {
    this.tmp = tempPathFor(file);
    this.out = new BufferedFile(this.tmp, this.file);
    this.out.write(
      JSON.stringify({ type: 'header', format: 'helen-trace', version: JSONL_TRACE_VERSION, ...meta }) + '\n',
    );
  }

  declare(d: SignalDeclaration): void {
    const o: Record<string, unknown> = { type: 'declare', c: d.component, s: d.signal, kind: d.kind };
    if (d.widthBits !== undefined) o['width_bits'] = d.widthBits;
    if (d.initial !== undefined) o['initial'] = d.initial;
    this.out.write(JSON.stringify(o) + '\n');
  }

  signal(c: SignalChange): void {
    this.out.write(
      `{"type":"signal","t_ps":${c.timePs},"c":${this.q(c.component)},"s":${this.q(c.signal)},"v":${jsonValue(c.value)}}\n`,
    );
  }

  span(e: SpanEvent): void {
    const args = e.args ? `,"args":${JSON.stringify(e.args)}` : '';
    this.out.write(
      `{"type":"${e.phase}","t_ps":${e.timePs},"c":${this.q(e.component)},"name":${this.q(e.name)}${args}}\n`,
    );
  }

  close(endPs: TimePs): void {
    this.out.write(`{"type":"close","t_ps":${endPs}}\n`);
    this.out.close();
    commitTemp(this.tmp, this.file);
  }

  abort(): void {
    this.out.discard();
  }

  private q(s: string): string {
    let v = this.quoted.get(s);
    if (v === undefined) this.quoted.set(s, (v = JSON.stringify(s)));
    return v;
  }
}

/** A signal value as JSON; non-finite numbers have no JSON form and are refused. */
export function jsonValue(v: SignalValue): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new HelenError('E_TRACE_VALUE', `a trace value must be a finite number, got ${v}`);
    return String(v);
  }
  return typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}
