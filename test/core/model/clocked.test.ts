import { describe, expect, it } from 'vitest';
import {
  Clock,
  ClockedComponent,
  Component,
  Simulator,
  connect,
  type InPort,
  type OutPort,
} from '../../../core/index.js';

const clock = Clock.fromPeriodPs('clk', 1000);

/** Counts down a work queue one item per cycle, sleeping when empty. */
class Worker extends ClockedComponent {
  readonly in: InPort<number> = this.inPort<number>('in');
  work = 0;
  readonly doneAt: number[] = [];
  constructor(sim: Simulator) {
    super(sim, 'worker', { clock });
    this.in.onMessage((n) => {
      this.work += n;
      this.wake();
    });
  }
  protected tick(cycle: number): boolean {
    this.work--;
    if (this.work === 0) this.doneAt.push(cycle);
    return this.work > 0;
  }
}

class Feeder extends Component {
  readonly out: OutPort<number> = this.outPort<number>('out');
}

describe('ClockedComponent', () => {
  it('ticks only while it has work: idle cycles cost no events', () => {
    const sim = new Simulator();
    const w = new Worker(sim);
    const f = new Feeder(sim, 'feeder', { clock });
    connect(f.out, w.in, { latencyCycles: 1 });
    sim.scheduleAt(0, () => f.out.send(3));
    sim.scheduleAt(1_000_000, () => f.out.send(2));
    sim.run();
    // 3 items from cycle 1, then asleep ~1000 cycles, then 2 items from cycle 1001.
    expect(w.doneAt).toEqual([3, 1002]);
    expect(w.ticks).toBe(5);
    expect(sim.eventsDispatched).toBe(2 + 2 + 5);
  });

  it('a wake in the middle of a cycle never ticks the same cycle twice', () => {
    const sim = new Simulator();
    const w = new Worker(sim);
    const f = new Feeder(sim, 'feeder', { clock });
    connect(f.out, w.in, { latencyPs: 0 });
    sim.scheduleAt(0, () => f.out.send(1));
    // Arrives at the instant of the tick that finished the first item.
    sim.scheduleAt(0, () => sim.schedule(0, () => f.out.send(1)), undefined, 5);
    sim.run();
    expect(w.doneAt).toEqual([0, 1]);
  });
});
