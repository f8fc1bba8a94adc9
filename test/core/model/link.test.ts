import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Clock,
  Component,
  Simulator,
  connect,
  MAX_BUFFER_DEPTH,
  type InPort,
  type OutPort,
  type SignalChange,
} from '../../../core/index.js';

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

/** One burst of a schedule: `count` messages of `bytes` sent at `atCycle`. */
interface Burst {
  atCycle: number;
  count: number;
  bytes: number;
}

/** Runs `bursts` through one link, each as `count` sends or as one `sendMany`: what the consumer saw, statistics, energy and waveforms. */
function runBursts(
  bursts: Burst[],
  link: { depth: number; latencyCycles: number; bytesPerCycle: number; energyPerBytePj: number },
  many: boolean,
) {
  const sim = new Simulator();
  const p = new Producer(sim, 'producer', { clock });
  const c = new SlowConsumer(sim, link.depth, 1);
  connect(p.out, c.in, link);
  bursts.forEach((b, i) =>
    sim.scheduleAt(b.atCycle * 1000, () => {
      if (many) p.out.sendMany(b.count, b.bytes, () => `b${i}`);
      else for (let k = 0; k < b.count; k++) p.out.send(`b${i}`, b.bytes);
    }),
  );
  const changes: SignalChange[] = [];
  sim.trace.subscribe('signal', (x) => changes.push(x));
  sim.run();
  // What a waveform shows: the last value of each signal at each instant.
  const last = new Map<string, SignalChange>();
  for (const x of changes) last.set(`${x.signal}@${x.timePs}`, x);
  return {
    log: c.log,
    end: sim.nowPs,
    counters: [...p.stats.counters].map(([k, v]) => [k, v.value]),
    energy: [...p.energy.actions].map(([k, a]) => [k, a.count, a.energyPj]),
    waveforms: [...last.values()].map((x) => `${x.signal}@${x.timePs}=${String(x.value)}`),
  };
}

describe('Link bursts (sendMany)', () => {
  it('property: sendMany(n) is n sends in a row — the same arrivals, statistics, energy (bit for bit) and waveforms', () => {
    fc.assert(
      fc.property(
        fc.record({
          depth: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(Infinity)),
          latencyCycles: fc.nat(3),
          bytesPerCycle: fc.integer({ min: 1, max: 16 }),
          energyPerBytePj: fc.constantFrom(0, 0.05, 0.1, 1 / 3),
        }),
        fc.array(
          fc.record({
            atCycle: fc.nat(20),
            count: fc.integer({ min: 0, max: 12 }),
            bytes: fc.nat(70),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (link, bursts) => {
          expect(runBursts(bursts, link, true)).toEqual(runBursts(bursts, link, false));
        },
      ),
      { numRuns: 150 },
    );
  });

  // A count of a hundred million once held a hundred million messages at the sender (a V8 out-of-memory abort).
  it('holds a burst of 10⁹ messages in one queue entry: sending it costs no more than a few messages', () => {
    const sim = new Simulator();
    const p = new Producer(sim, 'producer', { clock });
    const c = new SlowConsumer(sim, 2, 1);
    connect(p.out, c.in, { latencyCycles: 1 });
    let made = 0;
    sim.scheduleAt(0, () => p.out.sendMany(1e9, 64, () => `m${made++}`));
    sim.run({ maxEvents: 1000 });
    expect(made).toBeLessThan(1000);
    expect(p.out.link!.waiting).toBe(1e9 - made);
    expect(p.stats.counters.get('out.sent')!.value).toBe(1e9);
    expect(p.stats.counters.get('out.blocked_sends')!.value).toBe(1e9 - 2);
  });

  it('an unbounded receiver takes a burst of 10⁹ at most 65 536 messages at a time, not 10⁹ events at once', () => {
    const sim = new Simulator();
    const p = new Producer(sim, 'producer', { clock });
    const c = new Component(sim, 'sink', { clock });
    let taken = 0;
    const inp = c.inPort<string>('in').onMessage(() => taken++);
    connect(p.out, inp, { latencyCycles: 1 });
    let made = 0;
    sim.scheduleAt(0, () => p.out.sendMany(1e9, 8, () => `m${made++}`));
    sim.run({ maxEvents: 100_000 });
    expect(made - taken).toBeLessThanOrEqual(MAX_BUFFER_DEPTH);
    expect(taken).toBeGreaterThan(MAX_BUFFER_DEPTH);
    expect(sim.pendingEvents).toBeLessThanOrEqual(MAX_BUFFER_DEPTH + 1);
  });

  it.each([
    { count: -1, bytes: 1, error: /a burst is a whole number of messages ≥ 0, got -1/ },
    { count: 1.5, bytes: 1, error: /a burst is a whole number of messages ≥ 0, got 1.5/ },
    { count: 2, bytes: -1, error: /message size must be ≥ 0 bytes/ },
  ])('refuses a burst of $count messages of $bytes bytes', ({ count, bytes, error }) => {
    const sim = new Simulator();
    const p = new Producer(sim, 'producer', { clock });
    connect(p.out, new SlowConsumer(sim, 1, 1).in);
    expect(() => p.out.sendMany(count, bytes, () => 'x')).toThrow(error);
  });
});
