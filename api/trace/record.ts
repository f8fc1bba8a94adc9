import type { Component, Elaboration } from '../../core/index.js';
import { recordTrace, type TraceRecording } from '../../core/trace/recorder.js';
import { checkTraceWindow, TraceFilter } from '../../core/trace/trace-filter.js';
import { createTraceWriter, traceFormatOf } from '../../core/trace/trace-formats.js';
import { clockSpec, parseTraceTimePs, timescaleFromClocks } from '../../core/trace/trace-time.js';
import { runSimulation, type RunOptions, type RunReport } from '../run.js';

/** What to record during a run: the file (its extension picks the format) and which part of the trace. */
export interface TraceOptions {
  /** Output file: `.vcd`, `.json` (Perfetto) or `.jsonl`. */
  file: string;
  /** Component path globs (a match includes the subtree). */
  components?: string[];
  /** Signal name globs. */
  signals?: string[];
  /** Window start: a time (`10us`) or cycles of the main clock (`1200cycles`). */
  from?: string;
  /** Window end (exclusive), same forms as `from`. */
  to?: string;
  /** Also record every statistics counter of every component as an int signal named after it. */
  counters?: boolean;
}

/**
 * Starts recording a built model's trace. Every component's `busy` signal is
 * declared (idle at time 0), so waveforms show the whole hierarchy and busy
 * time is known from the start even for units that never work.
 */
export function startTraceRecording(model: Elaboration, options: TraceOptions): TraceRecording {
  traceFormatOf(options.file, '--trace');
  const fromPs = options.from === undefined ? 0 : parseTraceTimePs(options.from, model.mainClock, '--trace-from');
  const toPs = options.to === undefined ? undefined : parseTraceTimePs(options.to, model.mainClock, '--trace-to');
  const bus = model.sim.trace;
  for (const c of model.sim.components as Component[]) {
    bus.declare(c.path, 'busy', 'bit', { initial: 0 });
    if (options.counters) c.stats.traceCounters(bus, c.path);
  }
  const meta = {
    architecture: model.spec.name,
    mainClock: clockSpec(model.mainClock),
    timescalePs: timescaleFromClocks(model.clocks.values()),
    startPs: fromPs,
  };
  checkTraceWindow(fromPs, toPs);
  const selection = {
    components: options.components,
    signals: options.signals,
    fromPs,
    ...(toPs !== undefined ? { toPs } : {}),
  };
  const componentOrder = (model.sim.components as Component[]).map((c) => c.path);
  return recordTrace(bus, new TraceFilter(createTraceWriter(options.file, meta), selection), { componentOrder });
}

/**
 * `runSimulation` with a trace recorded alongside: the file is complete when
 * the run returns (also when a bound stopped it), and absent when it fails.
 */
export function runWithTrace(options: RunOptions, trace: TraceOptions | undefined): RunReport {
  if (!trace) return runSimulation(options);
  traceFormatOf(trace.file, '--trace');
  let recording: TraceRecording | undefined;
  try {
    const report = runSimulation({
      ...options,
      onModel: (model) => {
        options.onModel?.(model);
        recording = startTraceRecording(model, trace);
      },
    });
    recording?.close(report.time_ps);
    return report;
  } catch (e) {
    recording?.abort();
    throw e;
  }
}
