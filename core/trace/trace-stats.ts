import type { TimePs } from '../kernel/time.js';
import type { SignalChange, SignalDeclaration, SignalKind, SignalValue, SpanEvent } from './trace-bus.js';
import { kindOfValue, widenKind } from './signal-kind.js';
import type { TraceSink } from './trace-sink.js';

/** What a trace says about one signal over the window it was given. */
export interface SignalSummary {
  component: string;
  signal: string;
  kind: SignalKind;
  widthBits?: number;
  /** Changes after the window start (the start values are not counted). */
  changes: number;
  /** Value at the end of the window (undefined: never known). */
  value: SignalValue | undefined;
  /** Time during which the value was known, ps. */
  knownPs: number;
  /** Time a bit signal was 1 (or any signal non-zero), ps. */
  highPs: number;
  /** Time-weighted mean of a numeric signal over the known time. */
  mean: number | undefined;
  min: number | undefined;
  max: number | undefined;
}

/** Operations seen on one component's track. */
export interface SpanSummary {
  /** Spans begun in the window (re-opened ones at the window start included). */
  count: number;
  /** Time with at least one span open, ps. */
  activePs: number;
  /** Spans open at the end of the window, outermost first. */
  open: string[];
}

interface SignalAcc extends SignalSummary {
  /** The kind came from a declaration; otherwise it widens with the values (0 then 0.5 is a real). */
  declared: boolean;
  sincePs: TimePs;
  integral: number;
}

/**
 * A sink that answers questions instead of writing a file: per-signal change
 * counts, time-weighted means, time high, final values, and per-component span
 * activity. Put a TraceFilter in front to choose the window and the signals.
 */
export class TraceStatsCollector implements TraceSink {
  readonly signals = new Map<string, SignalSummary>();
  readonly spans = new Map<string, SpanSummary>();
  private readonly spanSince = new Map<string, TimePs>();
  endPs: TimePs = 0;

  constructor(readonly startPs: TimePs) {}

  declare(d: SignalDeclaration): void {
    const s = this.entry(d.component, d.signal, d.kind);
    s.kind = d.kind;
    s.declared = true;
    if (d.widthBits !== undefined) s.widthBits = d.widthBits;
    if (d.initial !== undefined && s.value === undefined) {
      s.value = d.initial;
      s.sincePs = this.startPs;
      this.extremes(s, d.initial);
    }
  }

  signal(c: SignalChange): void {
    const s = this.entry(c.component, c.signal, kindOfValue(c.value));
    if (!s.declared) s.kind = widenKind(s.kind, c.value) ?? s.kind;
    this.accumulate(s, c.timePs);
    if (c.timePs > this.startPs) s.changes++;
    s.value = c.value;
    this.extremes(s, c.value);
  }

  span(e: SpanEvent): void {
    let s = this.spans.get(e.component);
    if (!s) this.spans.set(e.component, (s = { count: 0, activePs: 0, open: [] }));
    if (e.phase === 'begin') {
      if (s.open.length === 0) this.spanSince.set(e.component, e.timePs);
      s.open.push(e.name);
      s.count++;
    } else {
      s.open.pop();
      if (s.open.length === 0) s.activePs += e.timePs - this.spanSince.get(e.component)!;
    }
  }

  close(endPs: TimePs): void {
    this.endPs = endPs;
    for (const s of this.signals.values()) {
      const acc = s as SignalAcc;
      this.accumulate(acc, endPs);
      acc.mean = acc.knownPs > 0 && acc.kind !== 'string' ? acc.integral / acc.knownPs : undefined;
    }
    for (const [c, s] of this.spans) if (s.open.length) s.activePs += endPs - this.spanSince.get(c)!;
  }

  abort(): void {}

  private entry(component: string, signal: string, kind: SignalKind): SignalAcc {
    const key = `${component}\u0000${signal}`;
    let s = this.signals.get(key) as SignalAcc | undefined;
    if (!s) {
      s = {
        component,
        signal,
        kind,
        declared: false,
        changes: 0,
        value: undefined,
        knownPs: 0,
        highPs: 0,
        mean: undefined,
        min: undefined,
        max: undefined,
        sincePs: this.startPs,
        integral: 0,
      };
      this.signals.set(key, s);
    }
    return s;
  }

  /** Adds the time since the last change, at the value held meanwhile. */
  private accumulate(s: SignalAcc, t: TimePs): void {
    if (s.value !== undefined && t > s.sincePs) {
      const dt = t - s.sincePs;
      s.knownPs += dt;
      const n = numeric(s.value);
      if (n !== 0) s.highPs += dt;
      s.integral += n * dt;
    }
    s.sincePs = Math.max(s.sincePs, t);
  }

  private extremes(s: SignalSummary, v: SignalValue): void {
    if (typeof v === 'string') return;
    const n = numeric(v);
    s.min = s.min === undefined ? n : Math.min(s.min, n);
    s.max = s.max === undefined ? n : Math.max(s.max, n);
  }
}

function numeric(v: SignalValue): number {
  return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : v === '' ? 0 : 1;
}
