import type { TimePs } from '../kernel/time.js';
import type { TraceBus } from './trace-bus.js';
import type { TraceSink } from './trace-sink.js';

/** A recording in progress: end it with `close` (a complete file) or `abort` (no file). */
export interface TraceRecording {
  /** Stops listening and completes the trace at `endPs` (the simulated time the run reached). */
  close(endPs: TimePs): void;
  /** Stops listening and removes everything written so far. */
  abort(): void;
}

/**
 * Subscribes `sink` to a simulator's trace bus: first the declarations made
 * while the model was built, then every declaration, signal change and span as
 * it is published. Subscribing turns the bus on; closing turns it off again.
 */
export function recordTrace(bus: TraceBus, sink: TraceSink): TraceRecording {
  for (const d of bus.declarations()) sink.declare(d);
  const offs = [bus.subscribe('declare', (d) => sink.declare(d)), bus.subscribe('signal', (c) => sink.signal(c)), bus.subscribe('span', (e) => sink.span(e))];
  let ended = false;
  const stop = (): boolean => {
    if (ended) return false;
    ended = true;
    for (const off of offs) off();
    return true;
  };
  return {
    close(endPs) {
      if (!stop()) return;
      try {
        sink.close(endPs);
      } catch (e) {
        sink.abort();
        throw e;
      }
    },
    abort() {
      if (stop()) sink.abort();
    },
  };
}
