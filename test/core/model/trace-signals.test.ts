import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Clock,
  Component,
  Fifo,
  Simulator,
  connect,
  type InPort,
  type OutPort,
  type SignalChange,
} from '../../../core/index.js';

const clock = Clock.fromPeriodPs('clk', 1000);

class Producer extends Component {
  readonly out: OutPort<number> = this.outPort<number>('out');
}

/** Takes one message at a time and works on it for the cycles the message says. */
class SlowConsumer extends Component {
  readonly in: InPort<number>;
  private working = false;
  constructor(sim: Simulator, depth: number) {
    super(sim, 'consumer', { clock });
    this.in = this.inPort<number>('in', { depth });
    this.in.onArrival(() => this.tryStart());
  }
  private tryStart(): void {
    if (this.working) return;
    const m = this.in.take();
    if (m === undefined) return;
    this.working = true;
    this.sim.scheduleCycles(this.clock, m, () => {
      this.working = false;
      this.tryStart();
    });
  }
}

/** Every signal change published while `run` runs, as `time component.signal=value`. */
function recordSignals(sim: Simulator, run: () => void): SignalChange[] {
  const seen: SignalChange[] = [];
  const off = sim.trace.subscribe('signal', (c) => seen.push(c));
  run();
  off();
  return seen;
}

/** The last value of each instant: what a waveform shows. */
function waveform(changes: SignalChange[], signal: string): [number, number][] {
  const out: [number, number][] = [];
  for (const c of changes) {
    if (c.signal !== signal) continue;
    if (out.length && out.at(-1)![0] === c.timePs) out.pop();
    out.push([c.timePs, c.value as number]);
  }
  return out;
}

describe('link credit and waiting signals', () => {
  it('follow the back-pressure of the link test exactly (depth 2, four 8-byte messages, 5-cycle consumer)', () => {
    const sim = new Simulator();
    const p = new Producer(sim, 'producer', { clock });
    const c = new SlowConsumer(sim, 2);
    connect(p.out, c.in, { latencyCycles: 2, bytesPerCycle: 4 });
    expect(sim.trace.declarations().filter((d) => d.component === 'producer')).toEqual([
      { component: 'producer', signal: 'out_credits', kind: 'int', initial: 2 },
      { component: 'producer', signal: 'out_waiting', kind: 'int', initial: 0 },
    ]);
    sim.scheduleAt(0, () => {
      for (let i = 0; i < 4; i++) p.out.send(5, 8);
    });
    const changes = recordSignals(sim, () => sim.run());
    // m0, m1 leave at once (credits 2 → 0), m2, m3 wait. The consumer takes m0 at cycle 4
    // (m2 leaves), m1 at 9 (m3 leaves), m2 at 14 and m3 at 19 (credits come back).
    expect(waveform(changes, 'out_credits')).toEqual([
      [0, 0],
      [4000, 0],
      [9000, 0],
      [14000, 1],
      [19000, 2],
    ]);
    expect(waveform(changes, 'out_waiting')).toEqual([
      [0, 2],
      [4000, 1],
      [9000, 0],
    ]);
  });

  it('property: the time integral of out_waiting is the blocked time the link charges, credits stay in [0, depth], and messages wait only without credits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.record({ atCycle: fc.nat(30), work: fc.integer({ min: 1, max: 6 }), bytes: fc.nat(20) }), {
          minLength: 1,
          maxLength: 25,
        }),
        (depth, sends) => {
          const sim = new Simulator();
          const p = new Producer(sim, 'producer', { clock });
          const c = new SlowConsumer(sim, depth);
          connect(p.out, c.in, { latencyCycles: 1, bytesPerCycle: 8 });
          for (const s of sends) sim.scheduleAt(s.atCycle * 1000, () => p.out.send(s.work, s.bytes));
          const changes = recordSignals(sim, () => sim.run());
          const waiting = waveform(changes, 'out_waiting');
          const credits = waveform(changes, 'out_credits');
          let integral = 0;
          for (let i = 0; i + 1 < waiting.length; i++)
            integral += waiting[i]![1] * (waiting[i + 1]![0] - waiting[i]![0]);
          expect(integral).toBe(p.stats.counters.get('out.blocked_ps')!.value);
          expect(waiting.at(-1)?.[1] ?? 0).toBe(0);
          expect(credits.at(-1)![1]).toBe(depth); // every message was taken in the end
          for (const [, v] of credits) expect(v >= 0 && v <= depth).toBe(true);
          // At the end of every instant, a message waits only if no credit is free.
          const creditAt = (t: number): number => [...credits].reverse().find(([ct]) => ct <= t)?.[1] ?? depth;
          for (const [t, w] of waiting) if (w > 0) expect(creditAt(t)).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('publish nothing while no trace records, and nothing for an unbounded receiver', () => {
    const sim = new Simulator();
    const p = new Producer(sim, 'producer', { clock });
    const c = new SlowConsumer(sim, 1);
    connect(p.out, c.in);
    const q = new Producer(sim, 'free', { clock });
    const r = new Component(sim, 'sink', { clock });
    const rin = r.inPort<number>('in').onMessage(() => {});
    connect(q.out, rin);
    const seen: SignalChange[] = [];
    const publish = sim.trace.signal.bind(sim.trace);
    let calls = 0;
    sim.trace.signal = (...args) => void (calls++, publish(...args));
    sim.scheduleAt(0, () => [p.out.send(1), p.out.send(1), q.out.send(1)]);
    sim.run(); // nobody subscribed: the bus is not even called
    expect(calls).toBe(0);
    const off = sim.trace.subscribe('signal', (x) => seen.push(x));
    sim.scheduleAt(sim.nowPs + 1000, () => [p.out.send(1), q.out.send(1)]);
    sim.run();
    off();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((x) => x.component === 'producer')).toBe(true);
    expect(sim.trace.declarations().some((d) => d.component === 'free')).toBe(false);
  });
});

describe('Fifo length signal', () => {
  it('property: after every push and shift the last published length equals the queue length, one change per push or non-empty shift', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 80 }), (ops) => {
        const sim = new Simulator();
        const f = new Fifo<number>();
        f.push(0); // before tracing: counted in the declared initial length
        f.traceLength(sim.trace, 'unit', 'queue');
        expect(sim.trace.declarations()).toEqual([{ component: 'unit', signal: 'queue', kind: 'int', initial: 1 }]);
        const seen: number[] = [];
        const off = sim.trace.subscribe('signal', (c) => seen.push(c.value as number));
        let expected = 0;
        for (const push of ops) {
          const before = f.length;
          if (push) f.push(1);
          else f.shift();
          if (f.length !== before) expected++;
          if (expected) expect(seen.at(-1)).toBe(f.length);
        }
        expect(seen.length).toBe(expected);
        off();
        f.push(2); // not recording any more
        expect(seen.length).toBe(expected);
      }),
    );
  });
});
