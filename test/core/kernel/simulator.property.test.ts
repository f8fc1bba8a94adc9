import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulator } from '../../../core/index.js';
import { NaiveScheduler } from './naive-scheduler.js';
import { eventProgram, interpret } from './event-program.js';

describe('Simulator against a naive reference scheduler', () => {
  it('property: dispatch order equals the naive (time, priority, sequence) order for random event programs', () => {
    fc.assert(
      fc.property(eventProgram, (program) => {
        const sim = new Simulator();
        const got = interpret(program, sim, () => sim.run());
        const ref = new NaiveScheduler();
        const want = interpret(program, ref, () => ref.run());
        expect(got.dispatched).toEqual(want.dispatched);
      }),
      { numRuns: 300 },
    );
  });

  it('property: time never goes backwards', () => {
    fc.assert(
      fc.property(eventProgram, (program) => {
        const sim = new Simulator();
        const times = interpret(program, sim, () => sim.run()).dispatched.map((d) => Number(d.split('@')[1]));
        for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
        expect(sim.nowPs).toBe(times.length ? times[times.length - 1] : 0);
      }),
      { numRuns: 200 },
    );
  });

  it('property: every scheduled, uncancelled event is dispatched exactly once and cancelled ones never', () => {
    fc.assert(
      fc.property(eventProgram, (program) => {
        const sim = new Simulator();
        const log = interpret(program, sim, () => sim.run());
        const ids = log.dispatched.map((d) => Number(d.split('@')[0]));
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(log.scheduled - log.cancelled);
        for (const id of ids) expect(log.cancelledIds.has(id)).toBe(false);
        expect(sim.eventsDispatched).toBe(ids.length);
        expect(sim.pendingEvents).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('property: stepping one event at a time gives the same order as one run', () => {
    fc.assert(
      fc.property(eventProgram, (program) => {
        const a = new Simulator();
        const whole = interpret(program, a, () => a.run());
        const b = new Simulator();
        const stepped = interpret(program, b, () => {
          while (b.step().reason === 'step');
        });
        expect(stepped.dispatched).toEqual(whole.dispatched);
      }),
      { numRuns: 150 },
    );
  });

  it('property: two runs of one program give identical dispatch logs', () => {
    fc.assert(
      fc.property(eventProgram, (program) => {
        const a = new Simulator({ seed: 7 });
        const b = new Simulator({ seed: 7 });
        expect(interpret(program, a, () => a.run()).dispatched).toEqual(
          interpret(program, b, () => b.run()).dispatched,
        );
      }),
      { numRuns: 100 },
    );
  });
});
