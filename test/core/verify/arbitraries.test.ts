import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  componentCaseArbitrary,
  fromOpTrace,
  gemmWithOperandsArbitrary,
  opTraceArbitrary,
  spikeTrainArbitrary,
  toAerCsv,
  toOpTrace,
  withSimSeed,
  type OperationSource,
  type TraceLine,
} from '../../../core/verify/index.js';

const sources: OperationSource[] = [
  { to: 'chip.a', op: 'compute', args: fc.record({ count: fc.integer({ min: 1, max: 4 }) }) },
  { to: 'chip.b', op: 'read', args: fc.record({ bytes: fc.integer({ min: 1, max: 64 }) }) },
];

const nsOf = (at: string) => Number(/^(\d+)ns$/.exec(at)![1]);
const times = (lines: TraceLine[]) => lines.flatMap((l) => ('at' in l && l.at !== undefined ? [nsOf(l.at)] : []));

describe('generated workloads', () => {
  it('issue times (`at`) of generated op traces never go back, and survive the op-trace text', () => {
    fc.assert(
      fc.property(opTraceArbitrary(sources), componentCaseArbitrary(sources, 'serial'), (trace, serial) => {
        for (const lines of [trace, serial]) {
          const t = times(lines);
          expect(t).toEqual([...t].sort((a, b) => a - b));
          expect(fromOpTrace(toOpTrace(lines))).toEqual(lines);
        }
      }),
    );
  });

  it('some generated traces give absolute issue times and some do not', () => {
    const samples = fc.sample(opTraceArbitrary(sources), { numRuns: 200, seed: 1 });
    const timed = samples.filter((l) => times(l).length > 0).length;
    expect(timed).toBeGreaterThan(0);
    expect(timed).toBeLessThan(samples.length);
  });

  it('each case carries its own simulation seed, drawn deterministically from the fast-check seed', () => {
    const a = fc.sample(withSimSeed(opTraceArbitrary(sources)), { numRuns: 50, seed: 9 }).map((c) => c.simSeed);
    const b = fc.sample(withSimSeed(opTraceArbitrary(sources)), { numRuns: 50, seed: 9 }).map((c) => c.simSeed);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBeGreaterThan(10);
    expect(a.every((s) => Number.isSafeInteger(s) && s >= 1 && s < 2 ** 31)).toBe(true);
  });

  it('GEMM operands have the shapes their dimensions state: a is M×K, b is K×N', () => {
    fc.assert(
      fc.property(gemmWithOperandsArbitrary(8, { M: 5, N: 4, K: 6 }), (g) => {
        const { M, N, K, a, b } = g as { M: number; N: number; K: number; a: number[][]; b: number[][] };
        expect(a.length).toBe(M);
        expect(a.every((r) => r.length === K)).toBe(true);
        expect(b.length).toBe(K);
        expect(b.every((r) => r.length === N)).toBe(true);
        expect([...a.flat(), ...b.flat()].every((v) => v >= -128 && v <= 127)).toBe(true);
      }),
    );
  });

  it('spike trains are in time order, within the address range, with no address twice at one time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 30 }), (addresses, maxSpikes) => {
        const [train] = fc.sample(spikeTrainArbitrary(addresses, { maxSpikes }), 1);
        const keys = train!.map((s) => `${s.timeNs}:${s.address}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect(train!.length).toBeLessThanOrEqual(maxSpikes);
        expect(train!.every((s, i) => s.address < addresses && (i === 0 || s.timeNs >= train![i - 1]!.timeNs))).toBe(
          true,
        );
        const csv = toAerCsv(train!).trim().split('\n');
        expect(csv[0]).toBe('t_us,address');
        expect(csv.slice(1).map((l) => l.split(',').map(Number))).toEqual(
          train!.map((s) => [s.timeNs / 1000, s.address]),
        );
      }),
    );
  });
});
