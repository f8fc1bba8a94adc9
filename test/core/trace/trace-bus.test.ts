import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Clock, Component, Simulator, type SignalChange } from '../../../core/index.js';

const clock = Clock.fromPeriodPs('clk', 1000);

/** A unit that does random amounts of work, publishing busy and a counter. */
function randomWorkModel(seed: number): Simulator {
  const sim = new Simulator({ seed });
  const units = [0, 1, 2].map((i) => new Component(sim, `u${i}`, { clock }));
  for (const u of units) {
    let remaining = 20;
    const step = (): void => {
      u.beginBusy();
      const work = 1 + u.rng.nextInt(5);
      sim.scheduleCycles(clock, work, () => {
        u.endBusy();
        if (sim.trace.active) sim.trace.signal(u.path, 'left', --remaining);
        else remaining--;
        if (remaining > 0) sim.scheduleCycles(clock, u.rng.nextInt(3), step);
      });
    };
    sim.scheduleAt(0, step);
  }
  return sim;
}

function record(sim: Simulator): string[] {
  const out: string[] = [];
  sim.trace.subscribe('signal', (s: SignalChange) => out.push(`${s.timePs} ${s.component}.${s.signal}=${s.value}`));
  sim.run();
  return out;
}

describe('trace bus', () => {
  it('property: two runs with one seed give identical traces', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        expect(record(randomWorkModel(seed))).toEqual(record(randomWorkModel(seed)));
      }),
      { numRuns: 30 },
    );
  });

  it('is inactive with no listeners and publishes nothing; unsubscribing turns it off again', () => {
    const sim = new Simulator();
    expect(sim.trace.active).toBe(false);
    const seen: unknown[] = [];
    const off = sim.trace.subscribe('span', (e) => seen.push(e));
    expect(sim.trace.active).toBe(true);
    sim.trace.beginSpan('u', 'op');
    sim.trace.endSpan('u', 'op');
    off();
    expect(sim.trace.active).toBe(false);
    sim.trace.beginSpan('u', 'op');
    expect(seen).toHaveLength(2);
  });

  it('results do not depend on whether anyone listens', () => {
    const quiet = randomWorkModel(3);
    quiet.run();
    const loud = randomWorkModel(3);
    record(loud);
    expect(loud.nowPs).toBe(quiet.nowPs);
    expect(loud.eventsDispatched).toBe(quiet.eventsDispatched);
  });
});
