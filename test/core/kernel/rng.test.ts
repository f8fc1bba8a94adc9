import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Component, Rng, Simulator } from '../../../core/index.js';

describe('seeded random streams', () => {
  it('property: a component draws the same values whatever other components do in between', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.boolean(), { maxLength: 50 }), (seed, interleave) => {
        const draw = (noise: boolean[]): number[] => {
          const sim = new Simulator({ seed });
          const a = new Component(sim, 'a');
          const b = new Component(sim, 'b');
          const out: number[] = [];
          for (const other of noise) {
            if (other) b.rng.nextUint32();
            else out.push(a.rng.nextUint32());
          }
          while (out.length < 10) out.push(a.rng.nextUint32());
          return out.slice(0, 10);
        };
        expect(draw(interleave)).toEqual(draw([]));
      }),
    );
  });

  it('different seeds and different paths give different streams', () => {
    expect(Rng.derive(1, 'x').nextUint32()).not.toBe(Rng.derive(2, 'x').nextUint32());
    expect(Rng.derive(1, 'x').nextUint32()).not.toBe(Rng.derive(1, 'y').nextUint32());
  });

  it('property: nextInt stays in range and nextFloat in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 2 ** 32 }), (seed, n) => {
        const r = new Rng(seed);
        for (let i = 0; i < 20; i++) {
          const k = r.nextInt(n);
          expect(k >= 0 && k < n && Number.isInteger(k)).toBe(true);
          const f = r.nextFloat();
          expect(f >= 0 && f < 1).toBe(true);
        }
      }),
    );
  });

  it('gaussian draws have the requested mean and spread', () => {
    const r = new Rng(42);
    const xs = Array.from({ length: 20000 }, () => r.nextGaussian(5, 2));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(5, 1);
    expect(sd).toBeCloseTo(2, 1);
  });
});
