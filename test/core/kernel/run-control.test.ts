import { describe, expect, it } from 'vitest';
import { Clock, HelenError, Simulator } from '../../../core/index.js';

function ticker(sim: Simulator, periodPs: number, log: number[]): void {
  const tick = (): void => {
    log.push(sim.nowPs);
    sim.schedule(periodPs, tick);
  };
  sim.schedule(0, tick);
}

describe('run control', () => {
  it('runs to completion and reports it', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    for (const d of [30, 10, 20]) sim.schedule(d, () => seen.push(sim.nowPs));
    const r = sim.run();
    expect(seen).toEqual([10, 20, 30]);
    expect(r).toMatchObject({ reason: 'completed', nowPs: 30, events: 3 });
  });

  it('runUntil dispatches events at the bound, leaves later ones, and moves now to the bound', () => {
    const sim = new Simulator();
    const log: number[] = [];
    ticker(sim, 100, log);
    const r = sim.runUntil(250);
    expect(log).toEqual([0, 100, 200]);
    expect(r.reason).toBe('until');
    expect(sim.nowPs).toBe(250);
    sim.runUntil(300);
    expect(log).toEqual([0, 100, 200, 300]);
  });

  it('runUntil past the last event still ends at the bound', () => {
    const sim = new Simulator();
    sim.schedule(5, () => {});
    expect(sim.runUntil(1000)).toMatchObject({ reason: 'until', nowPs: 1000 });
  });

  it('step dispatches exactly one event, with now at its time', () => {
    const sim = new Simulator();
    sim.schedule(7, () => {});
    sim.schedule(9, () => {});
    expect(sim.step()).toMatchObject({ reason: 'step', events: 1, nowPs: 7 });
    expect(sim.step()).toMatchObject({ reason: 'step', events: 1, nowPs: 9 });
    expect(sim.step()).toMatchObject({ reason: 'completed', events: 0 });
  });

  it('stepCycle runs everything up to and including the next clock edge', () => {
    const clock = Clock.fromPeriodPs('c', 1000);
    const sim = new Simulator();
    const seen: number[] = [];
    for (const t of [0, 500, 1000, 1001, 2000]) sim.scheduleAt(t, () => seen.push(t));
    sim.stepCycle(clock);
    expect(seen).toEqual([0, 500, 1000]);
    expect(sim.nowPs).toBe(1000);
    sim.stepCycle(clock);
    expect(seen).toEqual([0, 500, 1000, 1001, 2000]);
  });

  it('a handler can stop the run; the next run resumes with the remaining events', () => {
    const sim = new Simulator();
    const seen: string[] = [];
    sim.schedule(1, () => {
      seen.push('a');
      sim.stop('enough');
    });
    sim.schedule(1, () => seen.push('b'));
    sim.schedule(2, () => seen.push('c'));
    expect(sim.run()).toMatchObject({ reason: 'stopped', message: 'enough', events: 1 });
    expect(seen).toEqual(['a']);
    expect(sim.run()).toMatchObject({ reason: 'completed', events: 2 });
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('max-events ends a runaway run cleanly with a reason', () => {
    const sim = new Simulator();
    ticker(sim, 10, []);
    const r = sim.run({ maxEvents: 1000 });
    expect(r.reason).toBe('max-events');
    expect(r.events).toBe(1000);
    expect(sim.nowPs).toBe(9990);
    expect(r.message).toMatch(/event bound 1000/);
  });

  it('max-time leaves events after the bound pending', () => {
    const sim = new Simulator();
    const log: number[] = [];
    ticker(sim, 10, log);
    const r = sim.run({ maxTimePs: 95 });
    expect(r.reason).toBe('max-time');
    expect(log[log.length - 1]).toBe(90);
    expect(sim.pendingEvents).toBe(1);
  });

  it('a wall-clock budget stops an endless run', () => {
    const sim = new Simulator();
    ticker(sim, 1, []);
    const r = sim.run({ wallClockMs: 50 });
    expect(r.reason).toBe('wall-clock');
    expect(r.events).toBeGreaterThan(0);
  });

  it('reports progress on long runs', () => {
    const sim = new Simulator();
    ticker(sim, 1, []);
    let calls = 0;
    sim.run({ maxEvents: 20_000, onProgress: () => calls++ });
    expect(calls).toBeGreaterThanOrEqual(4);
  });

  it('rejects negative, fractional and past times with a typed error', () => {
    const sim = new Simulator();
    sim.schedule(10, () => {});
    sim.run();
    expect(() => sim.schedule(-1, () => {})).toThrow(HelenError);
    expect(() => sim.schedule(1.5, () => {})).toThrow(/whole picoseconds/);
    expect(() => sim.scheduleAt(5, () => {})).toThrow(/never in the past/);
  });

  it('lower priority numbers run first within an instant, FIFO within a priority', () => {
    const sim = new Simulator();
    const seen: string[] = [];
    sim.schedule(5, () => seen.push('p1-a'), undefined, 1);
    sim.schedule(5, () => seen.push('p0-a'), undefined, 0);
    sim.schedule(
      5,
      () => {
        seen.push('p-1');
        // Opened while the instant runs: still ordered by priority before p0/p1 leftovers.
        sim.schedule(0, () => seen.push('p-2 late'), undefined, -2);
      },
      undefined,
      -1,
    );
    sim.schedule(5, () => seen.push('p1-b'), undefined, 1);
    sim.run();
    expect(seen).toEqual(['p-1', 'p-2 late', 'p0-a', 'p1-a', 'p1-b']);
  });

  it('cancelled events are not dispatched and do not move time', () => {
    const sim = new Simulator();
    const h = sim.scheduleCancellable(100, () => {
      throw new Error('must not run');
    });
    sim.schedule(10, () => {});
    expect(h.cancel()).toBe(true);
    expect(h.cancel()).toBe(false);
    expect(sim.pendingEvents).toBe(1);
    sim.run();
    expect(sim.nowPs).toBe(10);
  });

  it('scheduleCycles counts clock edges after now', () => {
    const clock = Clock.fromPeriodPs('c', 1000, 250);
    const sim = new Simulator();
    const seen: number[] = [];
    sim.scheduleAt(1300, () => {
      sim.scheduleCycles(clock, 0, () => seen.push(sim.nowPs));
      sim.scheduleCycles(clock, 1, () => seen.push(sim.nowPs));
      sim.scheduleCycles(clock, 3, () => seen.push(sim.nowPs));
    });
    sim.run();
    expect(seen).toEqual([2250, 2250, 4250]);
  });
});

describe('the wall-clock bound inside one event', () => {
  /** An event that spins, checking the wall clock every 1000 steps, until `limitMs` have passed. */
  const spinner = (sim: Simulator, limitMs: number, after: string[]) => (): void => {
    const t0 = performance.now();
    for (let i = 1; performance.now() - t0 < limitMs; i++) if (i % 1000 === 0) sim.checkWallClock();
    after.push('finished');
  };

  // The kernel checked only between events: a GEMM of billions of tiles ran past --max-wall for minutes.
  it('checkWallClock ends a run inside a long event with reason wall-clock, abandoning the event', () => {
    const sim = new Simulator();
    const after: string[] = [];
    sim.schedule(10, spinner(sim, 60_000, after));
    sim.schedule(20, () => after.push('later event'));
    const t0 = performance.now();
    const r = sim.run({ wallClockMs: 50 });
    expect(performance.now() - t0).toBeLessThan(30_000);
    expect(r.reason).toBe('wall-clock');
    expect(r.message).toMatch(/^wall-clock budget of 50 ms used inside an event at 10 ps \(the event was abandoned\)$/);
    expect(after).toEqual([]);
    expect(sim.pendingEvents).toBe(1);
  });

  it.each([
    { case: 'without a wall-clock bound', bounds: {} },
    { case: 'with a bound not yet used', bounds: { wallClockMs: 60_000 } },
  ])('checkWallClock does nothing $case, nor outside a run', ({ bounds }) => {
    const sim = new Simulator();
    const after: string[] = [];
    sim.checkWallClock();
    sim.schedule(10, spinner(sim, 20, after));
    expect(sim.run(bounds).reason).toBe('completed');
    expect(after).toEqual(['finished']);
    sim.checkWallClock();
  });

  it('an error other than the wall clock still propagates from the event', () => {
    const sim = new Simulator();
    sim.schedule(1, () => {
      throw new HelenError('E_MODEL', 'broken');
    });
    expect(() => sim.run({ wallClockMs: 1 })).toThrow(/broken/);
  });
});
