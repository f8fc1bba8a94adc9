import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tileMatrix } from '../../../../components/reram/mvm.js';
import { copyShare, placeUnits } from '../../../../components/reram/deconv/placement.js';
import { planDeconv, rowsIn } from '../../../../components/reram/deconv/plan.js';
import { transposedConv } from '../../../../components/reram/deconv/reference.js';
import { checkDeconvShape, deconvOutput, type DeconvShape } from '../../../../components/reram/deconv/shape.js';

const ISAAC_XBAR = { rows: 128, cols: 128, bitsPerCell: 2, weightBits: 16, signed: 'offset' as const };

describe('transposed-convolution reference and RED placement', () => {
  it('the reference follows the definition on a case worked by hand (1-D: x = [1, 2], w = [1, 10, 100], s = 2)', () => {
    // y[o] = Σ x[i]·w[k] over o = 2i + k: y = [1, 10, 100 + 2, 20, 200].
    const s: DeconvShape = { inH: 1, inW: 2, inC: 1, outC: 1, kernel: 3, stride: 2, padding: 0, outputPadding: 0 };
    const w = { kernel: 3, inC: 1, outC: 1, data: [0, 0, 0, 0, 0, 0, 1, 10, 100] }; // only kernel row 2 is non-zero
    expect(transposedConv(s, { h: 1, w: 2, c: 1, data: [1, 2] }, w).data).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 10, 102, 20, 200,
    ]);
    // Padding 1 and output_padding 1: 2 × 4 outputs. Along the width the first product (o = −1) is cut and o = 3 is
    // the last; along the height the single input row reaches row kh − 1 = 1 through kernel row 2, so row 0 is zero.
    const p = transposedConv({ ...s, padding: 1, outputPadding: 1 }, { h: 1, w: 2, c: 1, data: [1, 2] }, w);
    expect([p.h, p.w]).toEqual([2, 4]);
    expect(p.data).toEqual([0, 0, 0, 0, 10, 102, 20, 200]);
  });

  it('output sizes follow (I−1)·s − 2p + K + output_padding, and impossible shapes are refused', () => {
    expect(
      deconvOutput({ inH: 32, inW: 16, inC: 1, outC: 1, kernel: 4, stride: 2, padding: 1, outputPadding: 0 }),
    ).toEqual({ outH: 64, outW: 32 });
    expect(() =>
      checkDeconvShape({ inH: 1, inW: 1, inC: 1, outC: 1, kernel: 1, stride: 1, padding: 0, outputPadding: 1 }),
    ).toThrow(/output_padding/);
    expect(() =>
      checkDeconvShape({ inH: 1, inW: 1, inC: 1, outC: 1, kernel: 3, stride: 1, padding: 3, outputPadding: 0 }),
    ).toThrow(/padding/);
  });

  it('property: every RED output block drives each phase’s rows at most once, and the s² phases together use every kernel tap exactly once', () => {
    const arb = fc.record({
      kernel: fc.integer({ min: 1, max: 16 }),
      stride: fc.integer({ min: 1, max: 8 }),
      inC: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(
      fc.property(arb, ({ kernel, stride, inC }) => {
        const p = planDeconv({ inH: 3, inW: 3, inC, outC: 2, kernel, stride, padding: 0, outputPadding: 0 }, 'red');
        expect(p.matrices.reduce((a, m) => a + m.rows, 0)).toBe(kernel * kernel * inC);
        for (const c of p.classes) expect(rowsIn(c.active)).toBeLessThanOrEqual(p.matrices[c.matrix]!.rows);
      }),
      { numRuns: 200 },
    );
  });

  it('property: a placement holds every matrix of a unit once per copy, in rectangles that fit one IMA, on distinct IMAs', () => {
    const unit = fc.record({
      matrices: fc.array(
        fc.record({ rows: fc.integer({ min: 1, max: 3000 }), cols: fc.integer({ min: 1, max: 300 }) }),
        { minLength: 1, maxLength: 9 },
      ),
      vectors: fc.integer({ min: 1, max: 500 }),
    });
    fc.assert(
      fc.property(
        fc.array(unit, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 600 }),
        fc.boolean(),
        (us, xbars, imas, replicate) => {
          const units = us.map((u, i) => ({ ...u, name: `u${i}` }));
          let placed;
          try {
            placed = placeUnits(units, (r, c) => tileMatrix(r, c, ISAAC_XBAR), xbars, imas, replicate);
          } catch {
            return;
          }
          const used = placed.flatMap((p) => p.parts.map((q) => q.ima));
          expect(new Set(used).size).toBe(used.length);
          expect(Math.max(...used)).toBeLessThan(imas);
          for (const p of placed) {
            if (!replicate) expect(p.copies).toBe(1);
            for (let copy = 0; copy < p.copies; copy++) {
              p.unit.matrices.forEach((m, mi) => {
                const parts = p.parts.filter((q) => q.copy === copy && q.matrix === mi);
                expect(parts.reduce((a, q) => a + q.rows * q.cols, 0)).toBe(m.rows * m.cols);
                for (const q of parts) {
                  expect(q.rowStart + q.rows).toBeLessThanOrEqual(m.rows);
                  expect(tileMatrix(q.rows, q.cols, ISAAC_XBAR).crossbars).toBeLessThanOrEqual(xbars);
                }
              });
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: dealing runs of vectors round-robin gives every vector to one copy and keeps the copies within one vector of each other', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 20 }),
        (runs, copies) => {
          const per = new Array<number>(copies).fill(0);
          let offset = 0;
          for (const n of runs) {
            let total = 0;
            for (let c = 0; c < copies; c++) {
              const k = copyShare(offset, n, copies, c);
              per[c]! += k;
              total += k;
            }
            expect(total).toBe(n);
            offset += n;
          }
          expect(Math.max(...per) - Math.min(...per)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 200 },
    );
  });
});
