import type { TimePs } from '../kernel/time.js';
import { BufferedFile, commitTemp, tempPathFor } from './buffered-file.js';
import { jsonValue } from './jsonl-writer.js';
import { kindOfValue, widenKind } from './signal-kind.js';
import type { SignalChange, SignalDeclaration, SignalKind, SignalValue, SpanEvent } from './trace-bus.js';
import type { TraceMeta, TraceSink } from './trace-sink.js';

/** Process id of the simulated chip in the trace (one process, one thread per component). */
const PID = 1;

/**
 * A signal as listed in `otherData.signals`, so that Helen can read the file
 * back with kinds (Perfetto itself shows every number as a counter).
 */
export interface PerfettoSignalInfo {
  c: string;
  s: string;
  kind: SignalKind;
  width_bits?: number;
}

/**
 * Exact microseconds from picoseconds, as a JSON number text (`1234.000567`):
 * integer arithmetic, so the text is the same on every machine and never an
 * exponent form.
 */
export function psToUsText(ps: TimePs): string {
  const whole = Math.floor(ps / 1e6);
  const frac = ps - whole * 1e6;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(6, '0').replace(/0+$/, '')}`;
}

/**
 * Writes Chrome/Perfetto trace events (JSON object format) while the
 * simulation runs: one thread track per component (`thread_name` metadata,
 * sorted in model order), operations as B/E slices (nesting is guaranteed by
 * the TraceFilter in front), numeric signals as counter events named after
 * the component with the signal as series (Perfetto shows `chip.pe[0] busy`),
 * text signals as instant events. One event per line. `otherData` (at the
 * end, when every signal is known) lists each signal with its kind, so
 * `PerfettoTraceSource` can read the file back.
 */
export class PerfettoTraceWriter implements TraceSink {
  private readonly out: BufferedFile;
  private readonly tmp: string;
  private readonly tids = new Map<string, number>();
  private readonly names = new Map<string, string>();
  // One entry per signal (bounded by the model, not the trace), in first-seen order.
  private readonly kinds = new Map<string, PerfettoSignalInfo & { declared: boolean }>();
  private lastPs: TimePs;

  constructor(
    private readonly file: string,
    private readonly meta: TraceMeta,
  ) {
    this.tmp = tempPathFor(file);
    this.out = new BufferedFile(this.tmp, this.file);
    this.lastPs = meta.startPs;
    const process = meta.architecture ?? 'helen';
    this.out.write(
      `{"traceEvents":[\n{"ph":"M","pid":${PID},"tid":0,"name":"process_name","args":{"name":${JSON.stringify(process)}}}`,
    );
  }

  declare(d: SignalDeclaration): void {
    this.tid(d.component);
    const info = this.kindOf(d.component, d.signal, d.kind);
    info.kind = d.kind;
    info.declared = true;
    if (d.widthBits !== undefined) info.width_bits = d.widthBits;
    if (d.initial !== undefined)
      this.signal({ timePs: this.lastPs, component: d.component, signal: d.signal, value: d.initial });
  }

  signal(c: SignalChange): void {
    const tid = this.tid(c.component);
    const info = this.kindOf(c.component, c.signal, kindOfValue(c.value));
    if (!info.declared) info.kind = widenKind(info.kind, c.value) ?? info.kind;
    this.lastPs = c.timePs;
    const ts = psToUsText(c.timePs);
    if (typeof c.value === 'string') {
      this.out.write(
        `,\n{"ph":"i","s":"t","pid":${PID},"tid":${tid},"ts":${ts},"name":${JSON.stringify(`${c.signal}=${c.value}`)}}`,
      );
    } else {
      this.out.write(
        `,\n{"ph":"C","pid":${PID},"tid":${tid},"ts":${ts},"name":${this.q(c.component)},"args":{${this.q(c.signal)}:${counterValue(c.value)}}}`,
      );
    }
  }

  span(e: SpanEvent): void {
    const tid = this.tid(e.component);
    this.lastPs = e.timePs;
    const args = e.phase === 'begin' && e.args ? `,"args":${JSON.stringify(e.args)}` : '';
    this.out.write(
      `,\n{"ph":"${e.phase === 'begin' ? 'B' : 'E'}","pid":${PID},"tid":${tid},"ts":${psToUsText(e.timePs)},"name":${this.q(e.name)}${args}}`,
    );
  }

  close(endPs: TimePs): void {
    const signals = [...this.kinds.values()].map(({ declared: _d, ...info }) => info);
    const other = { ...this.meta, endPs, signals };
    this.out.write(`\n],"displayTimeUnit":"ns","otherData":${JSON.stringify(other)}}\n`);
    this.out.close();
    commitTemp(this.tmp, this.file);
  }

  abort(): void {
    this.out.discard();
  }

  private kindOf(component: string, signal: string, kind: SignalKind): PerfettoSignalInfo & { declared: boolean } {
    const key = `${component}\u0000${signal}`;
    let info = this.kinds.get(key);
    if (!info) this.kinds.set(key, (info = { c: component, s: signal, kind, declared: false }));
    return info;
  }

  private tid(component: string): number {
    let tid = this.tids.get(component);
    if (tid === undefined) {
      tid = this.tids.size + 1;
      this.tids.set(component, tid);
      const name = JSON.stringify(component);
      this.out.write(`,\n{"ph":"M","pid":${PID},"tid":${tid},"name":"thread_name","args":{"name":${name}}}`);
      this.out.write(`,\n{"ph":"M","pid":${PID},"tid":${tid},"name":"thread_sort_index","args":{"sort_index":${tid}}}`);
    }
    return tid;
  }

  private q(s: string): string {
    let v = this.names.get(s);
    if (v === undefined) this.names.set(s, (v = JSON.stringify(s)));
    return v;
  }
}

function counterValue(v: SignalValue): string {
  return typeof v === 'boolean' ? (v ? '1' : '0') : jsonValue(v);
}
