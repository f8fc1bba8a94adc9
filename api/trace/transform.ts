import { checkTraceWindow, TraceFilter } from '../../core/trace/trace-filter.js';
import { createTraceWriter, openTraceSource, traceFormatOf } from '../../core/trace/trace-formats.js';
import { clockFromSpec, parseTraceTimePs } from '../../core/trace/trace-time.js';
import type { TraceQuery } from './inspect.js';

/** What `slice` and `convert` wrote. */
export interface TraceWriteResult {
  output: string;
  from_ps: number;
  to_ps?: number;
}

/**
 * Writes the selected part of a trace to `output` (format from its extension).
 * The result equals recording the same selection during the run (the
 * commutation property of the filters). The output appears only when complete.
 */
export function sliceTrace(input: string, output: string, q: TraceQuery = {}): TraceWriteResult {
  traceFormatOf(output, 'output');
  const src = openTraceSource(input);
  const clock = src.meta.mainClock ? clockFromSpec(src.meta.mainClock) : undefined;
  const fromPs = Math.max(src.meta.startPs, q.from === undefined ? 0 : parseTraceTimePs(q.from, clock, '--from'));
  const toPs = q.to === undefined ? undefined : parseTraceTimePs(q.to, clock, '--to');
  checkTraceWindow(fromPs, toPs);
  const sel = { components: q.components, signals: q.signals, fromPs, ...(toPs !== undefined ? { toPs } : {}) };
  const filter = new TraceFilter(createTraceWriter(output, { ...src.meta, startPs: fromPs }), sel);
  try {
    src.replay(filter);
  } catch (e) {
    filter.abort();
    throw e;
  }
  return { output, from_ps: fromPs, ...(toPs !== undefined ? { to_ps: toPs } : {}) };
}

/** Converts a trace between formats (any of VCD, Perfetto JSON and JSONL, in and out). */
export function convertTrace(input: string, output: string): TraceWriteResult {
  return sliceTrace(input, output);
}
