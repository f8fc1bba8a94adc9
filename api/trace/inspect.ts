import { HelenError } from '../../core/index.js';
import { TraceFilter, type TraceSelection } from '../../core/trace/trace-filter.js';
import { openTraceSource, traceFormatOf, type TraceFormat } from '../../core/trace/trace-formats.js';
import type { TraceMeta, TraceSink } from '../../core/trace/trace-sink.js';
import { TraceStatsCollector, type SignalSummary } from '../../core/trace/trace-stats.js';
import { clockFromSpec, parseTraceTimePs } from '../../core/trace/trace-time.js';
import type { SignalValue } from '../../core/trace/trace-bus.js';

/** Which part of a trace a query looks at: globs as for recording, and a window as text (`10us`, `120cycles`). */
export interface TraceQuery {
  components?: string[];
  signals?: string[];
  from?: string;
  to?: string;
}

/** Per-component activity in a summary or in stats. */
export interface ComponentActivity {
  component: string;
  signals: number;
  changes: number;
  /** Operations (spans) begun. */
  spans: number;
  /** Share of the window the `busy` signal was 1, when the component has one. */
  busy_pct?: number;
  /** Share of the window with an operation open on the component's track. */
  active_pct: number;
}

/** `helen trace FILE summary`: what a trace covers. */
export interface TraceSummaryReport {
  file: string;
  format: TraceFormat;
  architecture?: string;
  main_clock_hz?: number;
  start_ps: number;
  end_ps: number;
  timescale_ps: number;
  signals: number;
  changes: number;
  components: ComponentActivity[];
}

/** One signal in `signals` and `stats`. */
export interface SignalReport {
  component: string;
  signal: string;
  kind: string;
  width_bits?: number;
  changes: number;
  /** Share of the known time a bit signal was 1 (busy %, stall %). */
  high_pct?: number;
  mean?: number;
  min?: number;
  max?: number;
}

/** `helen trace FILE stats`: busy, stall and value statistics over a window. */
export interface TraceStatsReport {
  from_ps: number;
  to_ps: number;
  components: ComponentActivity[];
  signals: SignalReport[];
}

/** `helen trace FILE at TIME`: the value of every selected signal, and the open operations. */
export interface TraceAtReport {
  time_ps: number;
  /** Cycle of the main clock at that time, when the trace records the clock. */
  cycle?: number;
  values: { component: string; signal: string; value: SignalValue | null }[];
  open_spans: { component: string; spans: string[] }[];
}

function selection(meta: TraceMeta, q: TraceQuery): TraceSelection {
  const clock = meta.mainClock ? clockFromSpec(meta.mainClock) : undefined;
  const fromPs = q.from === undefined ? meta.startPs : parseTraceTimePs(q.from, clock, '--from');
  const toPs = q.to === undefined ? undefined : parseTraceTimePs(q.to, clock, '--to');
  return {
    components: q.components,
    signals: q.signals,
    fromPs: Math.max(fromPs, meta.startPs),
    ...(toPs !== undefined ? { toPs } : {}),
  };
}

function collect(file: string, q: TraceQuery): { meta: TraceMeta; stats: TraceStatsCollector; sel: TraceSelection } {
  const src = openTraceSource(file);
  const sel = selection(src.meta, q);
  const stats = new TraceStatsCollector(sel.fromPs!);
  src.replay(new TraceFilter(stats, sel));
  return { meta: src.meta, stats, sel };
}

const pct = (part: number, whole: number): number => (whole > 0 ? (100 * part) / whole : 0);

function activity(stats: TraceStatsCollector): ComponentActivity[] {
  const window = stats.endPs - stats.startPs;
  const by = new Map<string, ComponentActivity>();
  const get = (c: string): ComponentActivity => {
    let a = by.get(c);
    if (!a) by.set(c, (a = { component: c, signals: 0, changes: 0, spans: 0, active_pct: 0 }));
    return a;
  };
  for (const s of stats.signals.values()) {
    const a = get(s.component);
    a.signals++;
    a.changes += s.changes;
    if (s.signal === 'busy') a.busy_pct = pct(s.highPs, window);
  }
  for (const [c, s] of stats.spans) {
    const a = get(c);
    a.spans = s.count;
    a.active_pct = pct(s.activePs, window);
  }
  return [...by.values()];
}

function signalReport(s: SignalSummary): SignalReport {
  const r: SignalReport = { component: s.component, signal: s.signal, kind: s.kind, changes: s.changes };
  if (s.widthBits !== undefined) r.width_bits = s.widthBits;
  if (s.kind === 'bit') r.high_pct = pct(s.highPs, s.knownPs);
  else if (s.kind !== 'string') {
    if (s.mean !== undefined) r.mean = s.mean;
    if (s.min !== undefined) r.min = s.min;
    if (s.max !== undefined) r.max = s.max;
  }
  return r;
}

/** Time span, components, signals and activity per component of a trace file. */
export function traceSummary(file: string): TraceSummaryReport {
  const { meta, stats } = collect(file, {});
  const signals = [...stats.signals.values()];
  return {
    file,
    format: traceFormatOf(file),
    ...(meta.architecture !== undefined ? { architecture: meta.architecture } : {}),
    ...(meta.mainClock ? { main_clock_hz: clockFromSpec(meta.mainClock).frequencyHz } : {}),
    start_ps: meta.startPs,
    end_ps: stats.endPs,
    timescale_ps: meta.timescalePs,
    signals: signals.length,
    changes: signals.reduce((n, s) => n + s.changes, 0),
    components: activity(stats),
  };
}

/** The selected signals with their kind, width and number of changes. */
export function traceSignals(file: string, q: TraceQuery = {}): SignalReport[] {
  return [...collect(file, q).stats.signals.values()].map((s) => {
    const r: SignalReport = { component: s.component, signal: s.signal, kind: s.kind, changes: s.changes };
    if (s.widthBits !== undefined) r.width_bits = s.widthBits;
    return r;
  });
}

/** Busy %, stall % (any bit signal's time high), means and extremes per signal and component over a window. */
export function traceStats(file: string, q: TraceQuery = {}): TraceStatsReport {
  const { stats } = collect(file, q);
  return {
    from_ps: stats.startPs,
    to_ps: stats.endPs,
    components: activity(stats),
    signals: [...stats.signals.values()].map(signalReport),
  };
}

/** The value of every selected signal at `time` (changes at that very time included) and the operations open then. */
export function traceAt(file: string, time: string, q: Omit<TraceQuery, 'from' | 'to'> = {}): TraceAtReport {
  const src = openTraceSource(file);
  const clock = src.meta.mainClock ? clockFromSpec(src.meta.mainClock) : undefined;
  const t = parseTraceTimePs(time, clock, 'TIME');
  if (t < src.meta.startPs)
    throw new HelenError('E_TIME', `TIME ${t} ps is before the trace starts (${src.meta.startPs} ps)`, { file });
  const stats = new TraceStatsCollector(t);
  // The filter closes the spans still open at the window's end (t + 1): hold those
  // closes back, so that the collector shows what was open at t.
  const keepOpen: TraceSink = {
    ...bind(stats),
    span: (e) => (e.phase === 'end' && e.timePs > t ? undefined : stats.span(e)),
  };
  src.replay(new TraceFilter(keepOpen, { components: q.components, signals: q.signals, fromPs: t, toPs: t + 1 }));
  return {
    time_ps: t,
    ...(clock ? { cycle: clock.cycleAtOrBefore(t) } : {}),
    // A bit reads 0/1 whatever the file stored (JSONL keeps booleans, VCD and Perfetto do not).
    values: [...stats.signals.values()].map((s) => ({
      component: s.component,
      signal: s.signal,
      value: typeof s.value === 'boolean' ? Number(s.value) : (s.value ?? null),
    })),
    open_spans: [...stats.spans]
      .filter(([, s]) => s.open.length)
      .map(([component, s]) => ({ component, spans: [...s.open] })),
  };
}

function bind(sink: TraceSink): TraceSink {
  return {
    declare: (d) => sink.declare(d),
    signal: (c) => sink.signal(c),
    span: (e) => sink.span(e),
    close: (t) => sink.close(t),
    abort: () => sink.abort(),
  };
}
