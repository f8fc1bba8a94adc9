import type { Component } from './component.js';

/** Hears the jobs of one serial resource enter and leave service (`helen verify` checks they never overlap). */
export interface ServiceWatcher {
  started(label: string): void;
  ended(label: string): void;
}

/** Something that serves one job at a time and can tell a watcher when each job starts and ends. */
export interface SerialService {
  /** Reports jobs to `watcher` from now on (undefined: to no one). */
  watchService(watcher: ServiceWatcher | undefined): void;
}

/** The serial services of each component (a component does not list its resources itself). */
const servicesByOwner = new WeakMap<Component, SerialService[]>();

/** Declares `service` one of `owner`'s serial resources, so a verifier can watch it (a `SerialResource` declares itself). */
export function registerSerialService(owner: Component, service: SerialService): void {
  const list = servicesByOwner.get(owner);
  if (list) list.push(service);
  else servicesByOwner.set(owner, [service]);
}

/** The serial resources `owner` declared (none for most components). */
export function serialServicesOf(owner: Component): readonly SerialService[] {
  return servicesByOwner.get(owner) ?? [];
}

/**
 * A resource that serves one request at a time, in arrival order, each
 * starting on the owner's first free clock edge and holding it a whole number
 * of cycles: a single-ported memory, a bus, a link. Keeps only the cycle it
 * becomes free, so a stream of requests costs a few events each and no queue.
 * The requests booked and not yet finished (waiting or in service) are the
 * owner's occupancy, published as int signal `queue` while a trace records.
 */
export class SerialResource implements SerialService {
  private freeAtCycle = 0;
  /** Requests booked and not yet finished. */
  outstanding = 0;
  private watcher: ServiceWatcher | undefined = undefined;

  constructor(private readonly owner: Component) {
    owner.sim.trace.declare(owner.path, 'queue', 'int', { initial: 0 });
    registerSerialService(owner, this);
  }

  watchService(watcher: ServiceWatcher | undefined): void {
    this.watcher = watcher;
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
    o.sim.scheduleAt(clock.cycleToTimePs(start), () => {
      this.watcher?.started('request');
      o.beginBusy();
    });
    o.sim.scheduleAt(clock.cycleToTimePs(end), () => {
      this.outstanding--;
      this.publish();
      o.endBusy();
      this.watcher?.ended('request');
      if (latencyCycles === 0) done();
    });
    if (latencyCycles > 0) o.sim.scheduleAt(clock.cycleToTimePs(end + latencyCycles), done);
  }

  private publish(): void {
    const bus = this.owner.sim.trace;
    if (bus.active) bus.signal(this.owner.path, 'queue', this.outstanding);
  }
}
