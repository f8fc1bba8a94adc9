import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { vanRossumDistance, vanRossumPopulation, vanRossumSquared } from '../../../components/neuromorphic/index.js';

const train = fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { maxLength: 8 });
const tau = fc.double({ min: 0.5, max: 20, noNaN: true });

/** D² = (1/τ)∫(f − g)² dt by the trapezoid rule on a fine grid: the definition, not the closed form. */
function numericSquared(a: number[], b: number[], t: number): number {
  const filt = (s: number[], x: number) => s.reduce((acc, ti) => acc + (x >= ti ? Math.exp(-(x - ti) / t) : 0), 0);
  const end = 50 + 30 * t;
  const h = t / 400;
  // Integrate piecewise between spikes so the jumps never fall inside a step.
  const cuts = [...new Set([0, ...a, ...b, end])].sort((x, y) => x - y);
  let s = 0;
  for (let c = 0; c + 1 < cuts.length; c++) {
    const lo = cuts[c]!;
    const hi = cuts[c + 1]!;
    const n = Math.max(1, Math.ceil((hi - lo) / h));
    const step = (hi - lo) / n;
    for (let k = 0; k < n; k++) {
      const x0 = lo + k * step + 1e-12;
      const x1 = lo + (k + 1) * step - 1e-12;
      const y0 = (filt(a, x0) - filt(b, x0)) ** 2;
      const y1 = (filt(a, x1) - filt(b, x1)) ** 2;
      s += ((y0 + y1) / 2) * step;
    }
  }
  return s / t;
}

describe('van Rossum distance', () => {
  it('property: the closed form equals (1/τ)∫(f − g)² dt integrated numerically', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 30, noNaN: true }), { maxLength: 4 }),
        fc.array(fc.double({ min: 0, max: 30, noNaN: true }), { maxLength: 4 }),
        fc.double({ min: 1, max: 8, noNaN: true }),
        (a, b, t) => {
          expect(Math.abs(vanRossumSquared(a, b, t) - numericSquared(a, b, t))).toBeLessThan(
            1e-4 * (1 + a.length + b.length),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('property: a train is at distance 0 from itself and the distance is symmetric', () => {
    fc.assert(
      fc.property(train, train, tau, (a, b, t) => {
        expect(vanRossumDistance(a, a, t)).toBe(0);
        expect(vanRossumDistance(a, b, t)).toBe(vanRossumDistance(b, a, t));
      }),
    );
  });

  it('property: one spike shifted by δ is at D² = 1 − e^(−δ/τ), one spike against none at D² = ½', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        tau,
        (t0, delta, t) => {
          expect(vanRossumSquared([t0], [t0 + delta], t)).toBeCloseTo(1 - Math.exp(-delta / t), 12);
          expect(vanRossumSquared([t0], [], t)).toBeCloseTo(0.5, 12);
        },
      ),
    );
  });

  it('property: the triangle inequality holds (it is an L2 distance between filtered trains)', () => {
    fc.assert(
      fc.property(train, train, train, tau, (a, b, c, t) => {
        expect(vanRossumDistance(a, c, t)).toBeLessThanOrEqual(
          vanRossumDistance(a, b, t) + vanRossumDistance(b, c, t) + 1e-5,
        );
      }),
    );
  });

  it('property: a population distance is √ of the per-neuron squared distances summed', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(train, train), { minLength: 1, maxLength: 5 }), tau, (pairs, t) => {
        const expected = Math.sqrt(pairs.reduce((s, [a, b]) => s + vanRossumSquared(a, b, t), 0));
        expect(
          vanRossumPopulation(
            pairs.map((p) => p[0]),
            pairs.map((p) => p[1]),
            t,
          ),
        ).toBeCloseTo(expected, 12);
      }),
    );
  });
});
