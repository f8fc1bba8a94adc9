import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataflow } from '../../../components/systolic/dataflow.js';
import { DetailedGemm, simulateGemm } from '../../../components/systolic/detailed/detailed-gemm.js';
import { foldTiming } from '../../../components/systolic/fold-model.js';
import { matmul, type Matrix } from '../../../components/systolic/matrix.js';

/** Per-cycle activity of a run, as lists of active PEs "r,c". */
function activityTrace(g: DetailedGemm): string[][] {
  const out: string[][] = [];
  const C = g.array.cols;
  while (!g.done) {
    g.step();
    const act: string[] = [];
    g.active!.forEach((v, p) => v && act.push(`${Math.floor(p / C)},${p % C}`));
    out.push(act);
  }
  return out;
}

const seq = (rows: number, cols: number, start = 1): Matrix =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => start + i * cols + j));

describe('detailed model: operands moved PE by PE', () => {
  it('OS 2×2, M=N=2, K=1: the MAC wavefront crosses the array diagonally in 3 cycles', () => {
    const g = new DetailedGemm({ rows: 2, cols: 2, dataflow: 'os' }, seq(2, 1), seq(1, 2));
    expect(activityTrace(g)).toEqual([['0,0'], ['0,1', '1,0'], ['1,1']]);
    expect(g.result).toEqual([
      [1, 2],
      [2, 4],
    ]);
  });

  it('WS 2×2, M=1, N=2, K=2: two preload cycles, then the skewed wavefront; 5 cycles', () => {
    const g = new DetailedGemm(
      { rows: 2, cols: 2, dataflow: 'ws' },
      [[1, 2]],
      [
        [3, 4],
        [5, 6],
      ],
    );
    expect(activityTrace(g)).toEqual([[], [], ['0,0'], ['0,1', '1,0'], ['1,1']]);
    expect(g.result).toEqual([[13, 16]]);
  });

  it('IS 2×2, M=2, N=1, K=2: A held, B streamed, same skew as WS', () => {
    const g = new DetailedGemm(
      { rows: 2, cols: 2, dataflow: 'is' },
      [
        [1, 2],
        [3, 4],
      ],
      [[5], [6]],
    );
    expect(activityTrace(g)).toEqual([[], [], ['0,0'], ['0,1', '1,0'], ['1,1']]);
    expect(g.result).toEqual([[17], [39]]);
  });

  it('padding PEs do no useful MAC but still cost their fold cycles', () => {
    // 3×3 OS array, 1×1×1 GEMM: one useful MAC, yet T + R + C − 2 = 5 cycles.
    const r = simulateGemm({ rows: 3, cols: 3, dataflow: 'os' }, [[7]], [[6]]);
    expect([r.result, r.cycles, r.usefulMacs]).toEqual([[[42]], 5, 1]);
  });

  const small = fc.integer({ min: 1, max: 6 });
  const dim = fc.integer({ min: 1, max: 13 });
  const value = fc.integer({ min: -128, max: 127 });
  const gemmCase = fc
    .record({ df: fc.constantFrom<Dataflow>('os', 'ws', 'is'), R: small, C: small, M: dim, N: dim, K: dim })
    .chain((s) =>
      fc.record({
        s: fc.constant(s),
        a: fc.array(fc.array(value, { minLength: s.K, maxLength: s.K }), { minLength: s.M, maxLength: s.M }),
        b: fc.array(fc.array(value, { minLength: s.N, maxLength: s.N }), { minLength: s.K, maxLength: s.K }),
      }),
    );

  it('property: the array computes exactly A·B for random shapes and operands, in all three dataflows', () => {
    fc.assert(
      fc.property(gemmCase, ({ s, a, b }) => {
        const r = simulateGemm({ rows: s.R, cols: s.C, dataflow: s.df }, a, b);
        expect(r.result).toEqual(matmul(a, b));
        expect(r.usefulMacs).toBe(s.M * s.N * s.K);
      }),
      { numRuns: 300 },
    );
  });

  it('property: the detailed cycle count equals the fold model (SCALE-Sim v2) for random small shapes, fold by fold', () => {
    fc.assert(
      fc.property(gemmCase, ({ s, a, b }) => {
        const array = { rows: s.R, cols: s.C, dataflow: s.df };
        const r = simulateGemm(array, a, b);
        const t = foldTiming(array, s);
        expect(r.cycles).toBe(t.computeCycles);
        expect(r.foldCycles).toEqual(new Array(t.folds).fill(t.cyclesPerFold));
      }),
      { numRuns: 300 },
    );
  });
});
