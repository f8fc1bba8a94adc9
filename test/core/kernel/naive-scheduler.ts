import type { EventHandler } from '../../../core/index.js';
// A deliberately simple reference scheduler for property tests: a flat list
// scanned for the minimum (time, priority, sequence) on every step.

export interface RefHandle {
  cancel(): boolean;
}

interface RefEvent {
  time: number;
  priority: number;
  seq: number;
  fn: (arg: unknown) => void;
  arg: unknown;
  cancelled: boolean;
  fired: boolean;
}

export class NaiveScheduler {
  nowPs = 0;
  private events: RefEvent[] = [];
  private seq = 0;

  schedule(delayPs: number, fn: EventHandler, arg?: unknown, priority = 0): void {
    this.add(delayPs, fn, arg, priority);
  }

  scheduleCancellable(delayPs: number, fn: EventHandler, arg?: unknown, priority = 0): RefHandle {
    const e = this.add(delayPs, fn, arg, priority);
    return {
      cancel: () => {
        if (e.cancelled || e.fired) return false;
        e.cancelled = true;
        return true;
      },
    };
  }

  private add(delayPs: number, fn: EventHandler, arg: unknown, priority: number): RefEvent {
    const e = { time: this.nowPs + delayPs, priority, seq: this.seq++, fn, arg, cancelled: false, fired: false };
    this.events.push(e);
    return e;
  }

  run(): void {
    for (;;) {
      let best = -1;
      for (let i = 0; i < this.events.length; i++) {
        const e = this.events[i]!;
        if (e.cancelled) continue;
        const b = best < 0 ? undefined : this.events[best]!;
        if (
          !b ||
          e.time < b.time ||
          (e.time === b.time && (e.priority < b.priority || (e.priority === b.priority && e.seq < b.seq)))
        )
          best = i;
      }
      if (best < 0) return;
      const e = this.events.splice(best, 1)[0]!;
      this.nowPs = e.time;
      e.fired = true;
      e.fn(e.arg);
    }
  }
}
