import { Component, HelenError, type Operation } from '../../core/index.js';

/**
 * A wire resource carrying one transfer at a time: each starts on the first
 * edge the channel is free and occupies it a whole number of cycles.
 */
export class Channel {
  private freeAtCycle = 0;

  constructor(private readonly owner: Component) {}

  /** Occupies the channel `cycles`, then waits `latencyCycles` more before calling `done`. */
  book(cycles: number, latencyCycles: number, done: () => void): void {
    const o = this.owner;
    const clock = o.clock;
    const start = Math.max(clock.cycleAtOrAfter(o.nowPs), this.freeAtCycle);
    this.freeAtCycle = start + cycles;
    o.sim.scheduleAt(clock.cycleToTimePs(start), () => o.beginBusy());
    o.sim.scheduleAt(clock.cycleToTimePs(start + cycles), () => o.endBusy());
    o.sim.scheduleAt(clock.cycleToTimePs(start + cycles + latencyCycles), done);
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

/** Rejects any operation but `transfer`. */
export function checkTransfer(type: string, op: Operation): void {
  if (op.name !== 'transfer') throw new HelenError('E_OP', `${type} does not know operation "${op.name}"; it accepts: transfer`);
}
