import type { Component } from './component.js';

/**
 * A resource that serves one request at a time, in arrival order, each
 * starting on the owner's first free clock edge and holding it a whole number
 * of cycles: a single-ported memory, a bus, a link. Keeps only the cycle it
 * becomes free, so a stream of requests costs a few events each and no queue.
 * The requests booked and not yet finished (waiting or in service) are the
 * owner's occupancy, published as int signal `queue` while a trace records.
 */
export class SerialResource {
  private freeAtCycle = 0;
  /** Requests booked and not yet finished. */
  outstanding = 0;

  constructor(private readonly owner: Component) {
    owner.sim.trace.declare(owner.path, 'queue', 'int', { initial: 0 });
  }

  /**
   * Holds the resource `cycles` from the first edge it is free (the owner is
   * busy meanwhile), then calls `done` `latencyCycles` later (a wire's flight
   * time, which does not hold the resource).
   */
  book(cycles: number, done: () => void, latencyCycles = 0): void {
    const o = this.owner;
    const clock = o.clock;
    const start = Math.max(clock.cycleAtOrAfter(o.nowPs), this.freeAtCycle);
    const end = start + cycles;
    this.freeAtCycle = end;
    this.outstanding++;
    this.publish();
    o.sim.scheduleAt(clock.cycleToTimePs(start), () => o.beginBusy());
    o.sim.scheduleAt(clock.cycleToTimePs(end), () => {
      this.outstanding--;
      this.publish();
      o.endBusy();
      if (latencyCycles === 0) done();
    });
    if (latencyCycles > 0) o.sim.scheduleAt(clock.cycleToTimePs(end + latencyCycles), done);
  }

  private publish(): void {
    const bus = this.owner.sim.trace;
    if (bus.active) bus.signal(this.owner.path, 'queue', this.outstanding);
  }
}
