import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Clock, parseTimePs } from '../../../core/index.js';

const clockArb = fc
  .record({
    num: fc.integer({ min: 1, max: 1_000_000 }),
    den: fc.integer({ min: 1, max: 1000 }),
    phase: fc.integer({ min: 0, max: 10_000 }),
  })
  .filter(({ num, den }) => num >= den)
  .map(({ num, den, phase }) => new Clock('c', num, den, phase));

describe('Clock', () => {
  it('1.2 GHz has an exact rational period of 2500/3 ps', () => {
    const c = Clock.fromFrequencyHz('tile', 1.2e9);
    expect([c.periodNumPs, c.periodDen]).toEqual([2500, 3]);
    expect(c.cycleToTimePs(3)).toBe(2500);
    expect(c.cycleToTimePs(1_200_000_000)).toBe(1e12);
  });

  it('property: cycleAtOrBefore inverts cycleToTimePs exactly', () => {
    fc.assert(
      fc.property(clockArb, fc.integer({ min: 0, max: 1e9 }), (clock, cycle) => {
        const t = clock.cycleToTimePs(cycle);
        expect(clock.cycleAtOrBefore(t)).toBe(cycle);
        expect(clock.cycleAtOrAfter(t)).toBe(cycle);
        expect(clock.isEdge(t)).toBe(true);
      }),
    );
  });

  it('property: any time lies between the edge at-or-before and the edge at-or-after it', () => {
    fc.assert(
      fc.property(clockArb, fc.integer({ min: 0, max: 1e12 }), (clock, t) => {
        const before = clock.cycleAtOrBefore(t);
        const after = clock.cycleAtOrAfter(t);
        if (before >= 0) {
          expect(clock.cycleToTimePs(before)).toBeLessThanOrEqual(t);
          expect(clock.cycleToTimePs(before + 1)).toBeGreaterThan(t);
        } else {
          expect(t).toBeLessThan(clock.phasePs);
        }
        expect(clock.cycleToTimePs(after)).toBeGreaterThanOrEqual(t);
        if (after > 0) expect(clock.cycleToTimePs(after - 1)).toBeLessThan(t);
      }),
    );
  });

  it('property: edges are strictly increasing and N cycles span N periods to within one picosecond', () => {
    fc.assert(
      fc.property(clockArb, fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 1e4 }), (clock, from, n) => {
        expect(clock.cycleToTimePs(from + 1)).toBeGreaterThan(clock.cycleToTimePs(from));
        const span = clock.cyclesToDurationPs(n, from);
        expect(Math.abs(span - n * clock.periodPs)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('refuses periods below one picosecond', () => {
    expect(() => new Clock('x', 2, 3)).toThrow(/below 1 ps/);
  });

  it('parses times with units and refuses fractional picoseconds', () => {
    expect(parseTimePs('10ns')).toBe(10_000);
    expect(parseTimePs('2.5 us')).toBe(2_500_000);
    expect(parseTimePs('1200')).toBe(1200);
    expect(() => parseTimePs('0.5ps')).toThrow(/whole number of picoseconds/);
    expect(() => parseTimePs('ten ns')).toThrow(/expected a time/);
  });
});
