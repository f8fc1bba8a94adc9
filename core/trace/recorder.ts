import type { TimePs } from '../kernel/time.js';
import type { SignalDeclaration, TraceBus } from './trace-bus.js';
import type { TraceSink } from './trace-sink.js';

/** A recording in progress: end it with `close` (a complete file) or `abort` (no file). */
export interface TraceRecording {
  /** Stops listening and completes the trace at `endPs` (the simulated time the run reached). */
  close(endPs: TimePs): void;
  /** Stops listening and removes everything written so far. */
  abort(): void;
}

/** How a recording starts. */
export interface RecordOptions {
  /**
   * Component paths in model order: the declarations made while the model was
   * built are handed to the sink grouped by component in this order (writers
   * lay out tracks and scopes in first-seen order, and parts such as links
   * declare their signals before the components' own are declared).
   * Components not listed keep their place after the listed ones.
   */
  componentOrder?: readonly string[];
}

/**
 * Subscribes `sink` to a simulator's trace bus: first the declarations made
 * while the model was built, then every declaration, signal change and span as
 * it is published. Subscribing turns the bus on; closing turns it off again.
 */
export function recordTrace(bus: TraceBus, sink: TraceSink, options: RecordOptions = {}): TraceRecording {
  for (const d of ordered(bus.declarations(), options.componentOrder)) sink.declare(d);
  const offs = [
    bus.subscribe('declare', (d) => sink.declare(d)),
    bus.subscribe('signal', (c) => sink.signal(c)),
    bus.subscribe('span', (e) => sink.span(e)),
  ];
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

/** Declarations grouped by component in `order` (stable within a component); unchanged without an order. */
function ordered(declarations: SignalDeclaration[], order: readonly string[] | undefined): SignalDeclaration[] {
  if (!order) return declarations;
  const rank = new Map(order.map((c, i) => [c, i]));
  const at = (d: SignalDeclaration): number => rank.get(d.component) ?? order.length;
  return declarations
    .map((d, i) => ({ d, i }))
    .sort((a, b) => at(a.d) - at(b.d) || a.i - b.i)
    .map(({ d }) => d);
}
