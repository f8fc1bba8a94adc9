import { Component, HelenError, type Operation } from '../../core/index.js';

/**
 * One access at a time, in arrival order, each starting on a clock edge and
 * lasting a whole number of cycles: the timing of a single-ported memory.
 * Keeps only the cycle it becomes free, so a stream of accesses costs two
 * events each and no queue.
 */
export class AccessQueue {
  private freeAtCycle = 0;

  constructor(private readonly owner: Component) {}

  /** Books `cycles` starting at the first edge the port is free; calls `done` when they end. */
  book(cycles: number, done: () => void): void {
    const o = this.owner;
    const clock = o.clock;
    const start = Math.max(clock.cycleAtOrAfter(o.nowPs), this.freeAtCycle);
    const end = start + cycles;
    this.freeAtCycle = end;
    o.sim.scheduleAt(clock.cycleToTimePs(start), () => o.beginBusy());
    o.sim.scheduleAt(clock.cycleToTimePs(end), () => {
      o.endBusy();
      done();
    });
  }
}

/** Reads a whole-number argument of an operation, naming it when it is wrong. */
export function wholeArg(op: Operation, name: string, fallback?: number, min = 0): number {
  const v = op.args[name] ?? fallback;
  if (v === undefined) throw new HelenError('E_OP', `operation "${op.name}" needs argument "${name}" (a whole number)`);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw new HelenError('E_OP', `operation "${op.name}": argument "${name}" must be a whole number ≥ ${min}, got ${JSON.stringify(v)}`);
  }
  return v;
}
