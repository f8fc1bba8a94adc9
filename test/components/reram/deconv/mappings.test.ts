import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MvmConfig } from '../../../../components/reram/mvm.js';
import { runDeconv } from '../../../../components/reram/deconv/execute.js';
import { planDeconv, planMacs } from '../../../../components/reram/deconv/plan.js';
import { transposedConv, type DeconvWeights, type FeatureMap } from '../../../../components/reram/deconv/reference.js';
import {
  closedFormMacs,
  deconvOutput,
  DECONV_MAPPINGS,
  type DeconvShape,
} from '../../../../components/reram/deconv/shape.js';

// Small crossbars so that row blocks, column blocks and the offset column all occur;
// 4-bit signed inputs, 6-bit signed weights on 2-bit cells, 1-bit DACs. A 32-row column
// sums at most 32 · 3 = 96 per read: a 7-bit ADC counting in unit steps never clips.
const IDEAL: MvmConfig = {
  rows: 32,
  cols: 32,
  bitsPerCell: 2,
  weightBits: 6,
  signed: 'offset',
  inputBits: 4,
  dacBits: 1,
  inputSigned: true,
  adcBits: 7,
  adcLsb: 1,
  device: { gOnUs: 100, gOffUs: 1, variationSigma: 0, stuckOnRate: 0, stuckOffRate: 0, readNoiseSigma: 0 },
};

/** Random shapes over the ranges (kernel 1–16, stride 1–8), kept small enough to run many times. */
const shapeArb = fc
  .record({
    inH: fc.integer({ min: 1, max: 3 }),
    inW: fc.integer({ min: 1, max: 3 }),
    inC: fc.integer({ min: 1, max: 3 }),
    outC: fc.integer({ min: 1, max: 3 }),
    kernel: fc.integer({ min: 1, max: 16 }),
    stride: fc.integer({ min: 1, max: 8 }),
    pad: fc.nat(),
    opad: fc.nat(),
  })
  .map(({ pad, opad, ...s }): DeconvShape => ({ ...s, padding: pad % s.kernel, outputPadding: opad % s.stride }))
  .filter((s) => deconvOutput(s).outH >= 1 && deconvOutput(s).outW >= 1);

function tensors(s: DeconvShape, seed: number): { x: FeatureMap; w: DeconvWeights } {
  let state = seed >>> 0 || 1;
  const next = (lo: number, hi: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return lo + (state % (hi - lo + 1));
  };
  const x = { h: s.inH, w: s.inW, c: s.inC, data: Array.from({ length: s.inH * s.inW * s.inC }, () => next(-8, 7)) };
  const w = {
    kernel: s.kernel,
    inC: s.inC,
    outC: s.outC,
    data: Array.from({ length: s.kernel * s.kernel * s.inC * s.outC }, () => next(-32, 31)),
  };
  return { x, w };
}

describe('deconvolution mappings on the crossbar value model', () => {
  it('property: zero-insertion, padding-free and RED each produce exactly the direct transposed convolution (ideal devices, unclipped ADC)', () => {
    fc.assert(
      fc.property(shapeArb, fc.integer(), (s, seed) => {
        const { x, w } = tensors(s, seed);
        const ref = transposedConv(s, x, w);
        for (const m of DECONV_MAPPINGS) expect(runDeconv(m, s, x, w, IDEAL).output.data, m).toEqual(ref.data);
      }),
      { numRuns: 60 },
    );
  });

  it('property: each mapping performs its closed-form MAC count (zero insertion: every inflated window; padding-free: every input × tap; RED: useful pairs only), and its plan says so too', () => {
    fc.assert(
      fc.property(shapeArb, (s) => {
        const { x, w } = tensors(s, 7);
        for (const m of DECONV_MAPPINGS) {
          const run = runDeconv(m, s, x, w, IDEAL);
          expect(run.macs, m).toBe(closedFormMacs(s, m));
          expect(planMacs(planDeconv(s, m)), m).toBe(run.macs);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('property: padding-free adds exactly the useful partial outputs (RED’s MACs / C_in) and crops the rest', () => {
    fc.assert(
      fc.property(shapeArb, (s) => {
        const { x, w } = tensors(s, 3);
        const run = runDeconv('padding_free', s, x, w, IDEAL);
        expect(run.overlapAdds).toBe(closedFormMacs(s, 'red') / s.inC);
        expect(run.overlapAdds + run.cropped).toBe(s.inH * s.inW * s.kernel * s.kernel * s.outC);
        expect(run.plan.overlapAdds).toBe(run.overlapAdds);
      }),
      { numRuns: 60 },
    );
  });

  it('a 5-bit ADC clips the zero-insertion column sums of a dense layer, so values stop matching (the check can fail)', () => {
    const s: DeconvShape = { inH: 3, inW: 3, inC: 3, outC: 2, kernel: 4, stride: 1, padding: 0, outputPadding: 0 };
    const x = { h: 3, w: 3, c: 3, data: new Array(27).fill(7) };
    const w = { kernel: 4, inC: 3, outC: 2, data: new Array(96).fill(31) };
    const ref = transposedConv(s, x, w);
    expect(runDeconv('zero_insertion', s, x, w, IDEAL).output.data).toEqual(ref.data);
    expect(runDeconv('zero_insertion', s, x, w, { ...IDEAL, adcBits: 5 }).output.data).not.toEqual(ref.data);
  });
});
