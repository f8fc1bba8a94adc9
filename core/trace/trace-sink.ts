import type { TimePs } from '../kernel/time.js';
import type { SignalChange, SignalDeclaration, SpanEvent } from './trace-bus.js';

/** A clock as stored in a trace file, so `N cycles` can be converted back to time when the trace is read. */
export interface TraceClockSpec {
  name: string;
  periodNumPs: number;
  periodDen: number;
  phasePs: TimePs;
}

/** What a trace file says about itself: where it came from and the time window it covers. */
export interface TraceMeta {
  /** Architecture name (the process name in Perfetto, a comment in VCD). */
  architecture?: string;
  /** The architecture's main clock, for times given in cycles. */
  mainClock?: TraceClockSpec;
  /** Preferred time unit of the file in ps (a power of ten; VCD `$timescale`). */
  timescalePs: number;
  /** Start of the recorded window in ps (values at this time are the trace's initial values). */
  startPs: TimePs;
}

/**
 * Where trace events go: a file writer, a filter in front of one, or an
 * accumulator that answers a query. Events arrive in non-decreasing time;
 * `close` ends the trace at `endPs` and must leave a complete file;
 * `abort` must leave no file at all.
 */
export interface TraceSink {
  declare(d: SignalDeclaration): void;
  signal(c: SignalChange): void;
  span(e: SpanEvent): void;
  close(endPs: TimePs): void;
  abort(): void;
  /** True once the sink wants no more events (a window already passed): readers may stop early. */
  readonly done?: boolean;
}

/** A trace that can be replayed into a sink: a file being read, or a recording in memory. */
export interface TraceSource {
  readonly meta: TraceMeta;
  /** Streams every declaration and event into `sink`, then closes it at the trace's end time. */
  replay(sink: TraceSink): void;
}
