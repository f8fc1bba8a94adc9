import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldTiming } from '../../../components/systolic/fold-model.js';
import { spatioTemporal, type Dataflow } from '../../../components/systolic/dataflow.js';

describe('fold-level model: SCALE-Sim v2 compute cycles', () => {
  it('4×4 OS, M=N=K=4 (one fold): T + R + C − 2 = 10 cycles; SCALE-Sim v2 prints 9, its last cycle index', () => {
    const t = foldTiming({ rows: 4, cols: 4, dataflow: 'os' }, { M: 4, N: 4, K: 4 });
    expect([t.folds, t.cyclesPerFold, t.computeCycles, t.scalesimReportedCycles]).toEqual([1, 10, 10, 9]);
    expect(t.utilisation).toBeCloseTo(64 / 160, 12);
  });

  it('2×2 OS, M=3, N=2, K=5: Sr=M folds twice, 7 cycles each', () => {
    // Sr = 3 → ceil(3/2) = 2 row folds; Sc = 2 → 1 col fold; per fold 5 + 2 + 2 − 2 = 7.
    const t = foldTiming({ rows: 2, cols: 2, dataflow: 'os' }, { M: 3, N: 2, K: 5 });
    expect([t.Sr, t.Sc, t.T, t.rowFolds, t.colFolds, t.cyclesPerFold, t.computeCycles]).toEqual([3, 2, 5, 2, 1, 7, 14]);
    // Folds use 2×2 and 1×2 of the 4 PEs: (4 + 2) / 2 / 4.
    expect(t.mappingEfficiency).toBeCloseTo(0.75, 12);
  });

  it('2×3 WS, M=5, N=4, K=3: Sr=K, Sc=N, T=M; 4 folds of 2R + C + T − 2 = 10', () => {
    const t = foldTiming({ rows: 2, cols: 3, dataflow: 'ws' }, { M: 5, N: 4, K: 3 });
    expect([t.Sr, t.Sc, t.T, t.rowFolds, t.colFolds, t.cyclesPerFold, t.computeCycles]).toEqual([
      3, 4, 5, 2, 2, 10, 40,
    ]);
  });

  it('3×2 IS, M=5, N=4, K=3: Sr=K, Sc=M, T=N; 3 folds of 2R + C + T − 2 = 10', () => {
    const t = foldTiming({ rows: 3, cols: 2, dataflow: 'is' }, { M: 5, N: 4, K: 3 });
    expect([t.Sr, t.Sc, t.T, t.rowFolds, t.colFolds, t.cyclesPerFold, t.computeCycles]).toEqual([
      3, 5, 4, 1, 3, 10, 30,
    ]);
  });

  it('32×32 OS on a 64×64×64 GEMM: 4 folds of 64 + 62 = 126 cycles', () => {
    expect(foldTiming({ rows: 32, cols: 32, dataflow: 'os' }, { M: 64, N: 64, K: 64 }).computeCycles).toBe(504);
  });

  const dataflow = fc.constantFrom<Dataflow>('os', 'ws', 'is');
  const dim = fc.integer({ min: 1, max: 5000 });

  it('property: utilisation never exceeds 1 and reaches it only without fill, drain or padding', () => {
    fc.assert(
      fc.property(
        dataflow,
        fc.integer({ min: 1, max: 256 }),
        fc.integer({ min: 1, max: 256 }),
        dim,
        dim,
        dim,
        (df, R, C, M, N, K) => {
          const t = foldTiming({ rows: R, cols: C, dataflow: df }, { M, N, K });
          expect(t.utilisation).toBeGreaterThan(0);
          expect(t.utilisation).toBeLessThanOrEqual(1);
          expect(t.mappingEfficiency).toBeLessThanOrEqual(1);
          // Each fold does at most R·C·T useful MACs in its cycles.
          expect(t.macs).toBeLessThanOrEqual(t.folds * R * C * t.T);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: the mapping conserves the work (Sr · Sc · T = M · N · K) in every dataflow', () => {
    fc.assert(
      fc.property(dataflow, dim, dim, dim, (df, M, N, K) => {
        const { Sr, Sc, T } = spatioTemporal(df, { M, N, K });
        expect(Sr * Sc * T).toBe(M * N * K);
      }),
    );
  });
});
