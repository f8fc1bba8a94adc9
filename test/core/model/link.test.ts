import { describe, expect, it } from 'vitest';
import { Clock, Component, Simulator, connect, type InPort, type OutPort } from '../../../core/index.js';

const clock = Clock.fromPeriodPs('clk', 1000);
const cycleOf = (sim: Simulator): number => sim.nowPs / 1000;

class Producer extends Component {
  readonly out: OutPort<string> = this.outPort<string>('out');
}

/** Takes one message at a time and works on it for `workCycles` cycles. */
class SlowConsumer extends Component {
  readonly in: InPort<string>;
  readonly log: string[] = [];
  private working = false;
  constructor(
    sim: Simulator,
    depth: number,
    private readonly workCycles: number,
  ) {
    super(sim, 'consumer', { clock });
    this.in = this.inPort<string>('in', { depth });
    this.in.onArrival(() => this.tryStart());
  }
  private tryStart(): void {
    if (this.working) return;
    const m = this.in.take();
    if (m === undefined) return;
    this.working = true;
    this.log.push(`take ${m} @${cycleOf(this.sim)}`);
    this.sim.scheduleCycles(this.clock, this.workCycles, () => {
      this.log.push(`done ${m} @${cycleOf(this.sim)}`);
      this.working = false;
      this.tryStart();
    });
  }
}

describe('Link', () => {
  it('latency, bandwidth and back-pressure give the exact expected cycles', () => {
    const sim = new Simulator();
    const p = new Producer(sim, 'producer', { clock });
    const c = new SlowConsumer(sim, 2, 5);
    connect(p.out, c.in, { latencyCycles: 2, bytesPerCycle: 4 });
    sim.scheduleAt(0, () => {
      for (const m of ['m0', 'm1', 'm2', 'm3']) p.out.send(m, 8);
    });
    sim.run();
    // m0: wire cycles 0-2, arrives 4. m1: wire 2-4, arrives 6. m2 and m3 wait for credits:
    // m2 leaves when m0 is taken (cycle 4) and arrives 8; m3 leaves at cycle 9, arrives 13.
    expect(c.log).toEqual([
      'take m0 @4',
      'done m0 @9',
      'take m1 @9',
      'done m1 @14',
      'take m2 @14',
      'done m2 @19',
      'take m3 @19',
      'done m3 @24',
    ]);
    const counters = p.stats.counters;
    expect(counters.get('out.sent')!.value).toBe(4);
    expect(counters.get('out.bytes')!.value).toBe(32);
    expect(counters.get('out.blocked_sends')!.value).toBe(2);
    expect(counters.get('out.blocked_ps')!.value).toBe(4000 + 9000);
  });

  it('a latency in ps with unlimited bandwidth delivers every message after exactly that latency, in order', () => {
    const sim = new Simulator();
    const p = new Producer(sim, 'producer', { clock });
    const c = new Component(sim, 'c', { clock });
    const inp = c.inPort<string>('in');
    const seen: string[] = [];
    inp.onMessage((m) => seen.push(`${m}@${sim.nowPs}`));
    connect(p.out, inp, { latencyPs: 750 });
    sim.scheduleAt(100, () => {
      p.out.send('a', 1_000_000);
      p.out.send('b');
    });
    sim.scheduleAt(300, () => p.out.send('c'));
    sim.run();
    expect(seen).toEqual(['a@850', 'b@850', 'c@1050']);
  });

  it('canSend and onReady let a sender stall itself instead of queueing', () => {
    const sim = new Simulator();
    const p = new Producer(sim, 'producer', { clock });
    const c = new SlowConsumer(sim, 1, 3);
    connect(p.out, c.in, { latencyCycles: 1 });
    const sentAt: number[] = [];
    let next = 0;
    const pump = (): void => {
      while (next < 3 && p.out.canSend()) {
        sentAt.push(cycleOf(sim));
        p.out.send(`m${next++}`);
      }
      if (next < 3) p.out.onReady(pump);
    };
    sim.scheduleAt(0, pump);
    sim.run();
    // Depth 1: m1 leaves when m0 is taken on arrival (cycle 1); m2 when m1 is taken after m0's 3 cycles of work (cycle 4).
    expect(sentAt).toEqual([0, 1, 4]);
    expect(p.stats.counters.get('out.blocked_sends')!.value).toBe(0);
  });

  it('refuses to connect a port twice and to send on an unconnected port', () => {
    const sim = new Simulator();
    const p = new Producer(sim, 'producer', { clock });
    const c = new SlowConsumer(sim, 1, 1);
    connect(p.out, c.in);
    const q = new Producer(sim, 'q', { clock });
    expect(() => connect(q.out, c.in)).toThrow(/already connected/);
    expect(() => q.out.send('x')).toThrow(/not connected/);
  });

  it('charges transfer energy per byte to the sender', () => {
    const sim = new Simulator();
    const p = new Producer(sim, 'producer', { clock });
    const c = new SlowConsumer(sim, 4, 1);
    connect(p.out, c.in, { energyPerBytePj: 0.5 });
    sim.scheduleAt(0, () => p.out.send('x', 32));
    sim.run();
    expect(p.energy.actions.get('out.transfer')!.energyPj).toBe(16);
  });
});
