import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../core/index.js';
import { IDEAL_DEVICE } from '../../../../components/reram/crossbar-array.js';
import { inputRange, weightRange } from '../../../../components/reram/encoding.js';
import { tileMatrix, type MvmConfig } from '../../../../components/reram/mvm.js';
import { matrixClipBound } from '../../../../components/reram/clip-bound.js';
import { runDeconv } from '../../../../components/reram/deconv/execute.js';
import { transposedConv } from '../../../../components/reram/deconv/reference.js';
import { checkDeconvValues, checkedShape } from '../../../../components/reram/deconv/value-check.js';
import { deconvOutput, DECONV_MAPPINGS, type DeconvShape } from '../../../../components/reram/deconv/shape.js';
import { clipBound } from '../clip-bound-reference.js';

/** ISAAC's value model: 128×128 crossbars of 2-bit cells, 16-bit weights and inputs, 1-bit DACs, 8-bit ADC in unit steps. */
const ISAAC: MvmConfig = {
  rows: 128,
  cols: 128,
  bitsPerCell: 2,
  weightBits: 16,
  signed: 'offset',
  inputBits: 16,
  dacBits: 1,
  inputSigned: true,
  adcBits: 8,
  adcLsb: 1,
  device: IDEAL_DEVICE,
};

/** Small value models over every encoding choice, with ADCs that clip and round. */
const cfgArb = fc
  .record({
    rows: fc.integer({ min: 2, max: 12 }),
    bitsPerCell: fc.integer({ min: 1, max: 3 }),
    weightBits: fc.integer({ min: 2, max: 8 }),
    signed: fc.constantFrom('offset' as const, 'differential' as const),
    inputBits: fc.integer({ min: 2, max: 8 }),
    dacBits: fc.integer({ min: 1, max: 3 }),
    inputSigned: fc.boolean(),
    adcBits: fc.integer({ min: 2, max: 7 }),
    adcLsb: fc.constantFrom(1, 1.5, 3),
  })
  .map((c): MvmConfig => ({ ...c, cols: 40, device: IDEAL_DEVICE }));

function randomMatrix(cfg: MvmConfig, rows: number, cols: number, rng: Rng): number[][] {
  const [lo, hi] = weightRange(cfg);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => lo + rng.nextInt(hi - lo + 1)));
}
function randomVector(cfg: MvmConfig, rows: number, rng: Rng): number[] {
  const [lo, hi] = inputRange(cfg);
  return Array.from({ length: rows }, () => (rng.nextBool(0.2) ? 0 : lo + rng.nextInt(hi - lo + 1)));
}

describe('the deconv value check', () => {
  it('property: matrixClipBound gives clipBound’s bound for every vector of a matrix (levels cached, quiet row blocks skipped)', () => {
    fc.assert(
      fc.property(
        cfgArb,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer(),
        (cfg, rows, cols, seed) => {
          const rng = new Rng(seed);
          const w = randomMatrix(cfg, rows, cols, rng);
          const fast = matrixClipBound(cfg);
          for (let v = 0; v < 3; v++) {
            const x = randomVector(cfg, rows, rng);
            const want = clipBound(w, x, cfg);
            fast(w, x).forEach((b, j) => expect(b).toBeCloseTo(want[j]!, 6));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: through every mapping, each output errs by at most its bound (the MVM column’s, or the sum over overlap-added partials)', () => {
    const shapeArb = fc
      .record({
        inH: fc.integer({ min: 1, max: 3 }),
        inW: fc.integer({ min: 1, max: 3 }),
        inC: fc.integer({ min: 1, max: 6 }),
        outC: fc.integer({ min: 1, max: 3 }),
        kernel: fc.integer({ min: 1, max: 6 }),
        stride: fc.integer({ min: 1, max: 4 }),
        pad: fc.nat(),
        opad: fc.nat(),
      })
      .map(({ pad, opad, ...s }): DeconvShape => ({ ...s, padding: pad % s.kernel, outputPadding: opad % s.stride }))
      .filter((s) => deconvOutput(s).outH >= 1 && deconvOutput(s).outW >= 1);
    // 8-row crossbars of 2-bit cells and a 3-bit ADC: column sums of 8 driven rows reach 24 and clip above 7.
    const cfg: MvmConfig = {
      rows: 8,
      cols: 32,
      bitsPerCell: 2,
      weightBits: 6,
      signed: 'offset',
      inputBits: 4,
      dacBits: 1,
      inputSigned: true,
      adcBits: 3,
      adcLsb: 1,
      device: IDEAL_DEVICE,
    };
    let erred = 0;
    fc.assert(
      fc.property(shapeArb, fc.integer(), (s, seed) => {
        const rng = new Rng(seed);
        const x = {
          h: s.inH,
          w: s.inW,
          c: s.inC,
          data: Array.from({ length: s.inH * s.inW * s.inC }, () => -8 + rng.nextInt(16)),
        };
        const w = {
          kernel: s.kernel,
          inC: s.inC,
          outC: s.outC,
          data: Array.from({ length: s.kernel * s.kernel * s.inC * s.outC }, () => -32 + rng.nextInt(64)),
        };
        const ref = transposedConv(s, x, w).data;
        for (const m of DECONV_MAPPINGS) {
          const run = runDeconv(m, s, x, w, cfg, undefined, matrixClipBound(cfg));
          ref.forEach((e, i) => {
            const err = Math.abs(run.output.data[i]! - e);
            if (err > 0) erred++;
            expect(err, m).toBeLessThanOrEqual(run.bound![i]!);
          });
        }
      }),
      { numRuns: 80 },
    );
    expect(erred, 'the ADC clipped somewhere, so the bound was put to the test').toBeGreaterThan(0);
  });

  it('property: the checked shape keeps the kernel, stride and paddings, caps channels, and takes the largest input window within the output-pixel cap', () => {
    const shapeArb = fc
      .record({
        inH: fc.integer({ min: 1, max: 80 }),
        inW: fc.integer({ min: 1, max: 80 }),
        inC: fc.integer({ min: 1, max: 600 }),
        outC: fc.integer({ min: 1, max: 600 }),
        kernel: fc.integer({ min: 1, max: 16 }),
        stride: fc.integer({ min: 1, max: 8 }),
        pad: fc.nat(),
        opad: fc.nat(),
      })
      .map(({ pad, opad, ...s }): DeconvShape => ({ ...s, padding: pad % s.kernel, outputPadding: opad % s.stride }))
      .filter((s) => deconvOutput(s).outH >= 1 && deconvOutput(s).outW >= 1);
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 1, max: 300 }), (s, cap) => {
        const c = checkedShape(s, { outputPixels: cap }, ISAAC);
        expect({ k: c.kernel, s: c.stride, p: c.padding, o: c.outputPadding }).toEqual({
          k: s.kernel,
          s: s.stride,
          p: s.padding,
          o: s.outputPadding,
        });
        expect(c.inC).toBe(Math.min(s.inC, 128));
        expect(c.outC).toBe(Math.min(s.outC, tileMatrix(1, 1, ISAAC).weightsPerCrossbar));
        expect(c.inH).toBeLessThanOrEqual(s.inH);
        expect(c.inW).toBeLessThanOrEqual(s.inW);
        const { outH, outW } = deconvOutput(c);
        expect(outH).toBeGreaterThanOrEqual(1);
        expect(outW).toBeGreaterThanOrEqual(1);
        const n = Math.max(c.inH, c.inW);
        // Within the cap unless even the smallest non-empty window exceeds it; one more pixel per side would exceed it.
        const grown = deconvOutput({ ...c, inH: Math.min(s.inH, n + 1), inW: Math.min(s.inW, n + 1) });
        if (n < Math.max(s.inH, s.inW)) expect(grown.outH * grown.outW).toBeGreaterThan(cap);
        const smallest = deconvOutput({ ...c, inH: 1, inW: 1 });
        if (outH * outW > cap) expect(smallest.outH < 1 || smallest.outW < 1 || n === 1).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('an ISAAC-sized layer (DCGAN’s second) is checked on a 4×4×128 window → 15 channels: 64 output pixels, exact with the 8-bit ADC, wrong with 5 bits, same numbers for every mapping', () => {
    const dcgan2: DeconvShape = {
      inH: 4,
      inW: 4,
      inC: 512,
      outC: 256,
      kernel: 4,
      stride: 2,
      padding: 1,
      outputPadding: 0,
    };
    const limits = { seed: 1, outputPixels: 64 };
    for (const m of DECONV_MAPPINGS) {
      const ok = checkDeconvValues('dcgan2', m, dcgan2, ISAAC, limits);
      expect(ok.checked).toEqual({ ...dcgan2, inC: 128, outC: 15 });
      expect(ok.outputs).toBe(8 * 8 * 15);
      expect(ok.exactOutputs, m).toBe(ok.outputs);
      expect(ok.maxBound).toBe(0);
      const low = checkDeconvValues('dcgan2', m, dcgan2, { ...ISAAC, adcBits: 5 }, limits);
      expect(low.maxAbsError, m).toBeGreaterThan(0);
      expect(low.withinBound, m).toBe(true);
      expect(low.maxAbsError).toBeLessThanOrEqual(low.maxBound);
    }
    // The data depend on the seed and the layer name only: another seed gives other errors.
    const a = checkDeconvValues('dcgan2', 'padding_free', dcgan2, { ...ISAAC, adcBits: 5 }, limits);
    expect(checkDeconvValues('dcgan2', 'padding_free', dcgan2, { ...ISAAC, adcBits: 5 }, limits)).toEqual(a);
    expect(
      checkDeconvValues('dcgan2', 'padding_free', dcgan2, { ...ISAAC, adcBits: 5 }, { ...limits, seed: 2 })
        .meanAbsError,
    ).not.toBe(a.meanAbsError);
  });
});
