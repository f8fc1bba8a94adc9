import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../core/index.js';
import { CrossbarArray, IDEAL_DEVICE } from '../../../components/reram/crossbar-array.js';
import {
  columnsPerWeight,
  inputRange,
  inputSlices,
  inputSliceValue,
  offsetColumnCoef,
  reservedColumns,
  weightColumnCoefs,
  weightLevels,
  weightRange,
} from '../../../components/reram/encoding.js';
import { MappedMatrix, type MvmConfig } from '../../../components/reram/mvm.js';

/** The exact integer product y_j = Σ_i x_i·w_ij: the reference every crossbar result is held to. */
function exactMvm(w: number[][], x: number[]): number[] {
  return w[0]!.map((_, j) => w.reduce((acc, row, i) => acc + row[j]! * x[i]!, 0));
}

/** A random encoding, crossbar shape and matching weights and inputs. */
const caseArb = fc
  .record({
    bitsPerCell: fc.integer({ min: 1, max: 4 }),
    weightBits: fc.integer({ min: 2, max: 12 }),
    signed: fc.constantFrom('differential' as const, 'offset' as const),
    inputBits: fc.integer({ min: 2, max: 10 }),
    dacBits: fc.integer({ min: 1, max: 3 }),
    inputSigned: fc.boolean(),
    rows: fc.constantFrom(4, 8, 16),
    weightsPerCrossbar: fc.integer({ min: 1, max: 3 }),
    logicalRows: fc.integer({ min: 1, max: 40 }),
    logicalCols: fc.integer({ min: 1, max: 7 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  })
  .map((p) => {
    const enc = { bitsPerCell: p.bitsPerCell, weightBits: p.weightBits, signed: p.signed };
    const cols = p.weightsPerCrossbar * columnsPerWeight(enc) + reservedColumns(enc);
    const rng = new Rng(p.seed);
    const [wlo, whi] = weightRange(enc);
    const [xlo, xhi] = inputRange(p);
    const pick = (lo: number, hi: number) => lo + rng.nextInt(hi - lo + 1);
    const w = Array.from({ length: p.logicalRows }, () => Array.from({ length: p.logicalCols }, () => pick(wlo, whi)));
    const x = Array.from({ length: p.logicalRows }, () => pick(xlo, xhi));
    return { ...p, cols, w, x };
  });

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function config(c: Case, adcBits: number, adcLsb = 1, device = IDEAL_DEVICE): MvmConfig {
  return { ...c, adcBits, adcLsb, device };
}

/** Largest value an ideal column can reach: every row driven at full DAC code into a full cell. */
function maxColumn(c: Case): number {
  return c.rows * (2 ** c.bitsPerCell - 1) * (2 ** c.dacBits - 1);
}

/**
 * Ideal column values computed independently of the crossbar model, with the
 * shift-and-add factor each conversion carries into output j.
 */
function idealConversions(c: Case): { j: number; value: number; factor: number }[] {
  const out: { j: number; value: number; factor: number }[] = [];
  const coefs = weightColumnCoefs(c);
  const wpc = (c.cols - reservedColumns(c)) / columnsPerWeight(c);
  for (let r0 = 0; r0 < c.w.length; r0 += c.rows) {
    const rowsHere = c.w.slice(r0, r0 + c.rows);
    for (let j0 = 0; j0 < c.w[0]!.length; j0 += wpc) {
      const js = Array.from({ length: Math.min(wpc, c.w[0]!.length - j0) }, (_, k) => j0 + k);
      for (const s of inputSlices(c)) {
        const d = rowsHere.map((_, r) => inputSliceValue(c.x[r0 + r]!, s));
        for (const j of js) {
          coefs.forEach((coef, p) => {
            const value = rowsHere.reduce((acc, row, r) => acc + d[r]! * weightLevels(row[j]!, c)[p]!, 0);
            out.push({ j, value, factor: s.coef * coef });
          });
          if (c.signed === 'offset')
            out.push({ j, value: d.reduce((a, b) => a + b, 0), factor: s.coef * offsetColumnCoef(c) });
        }
      }
    }
  }
  return out;
}

describe('crossbar MVM value model', () => {
  it('property: ideal devices and enough ADC bits give the exact integer MVM (signed weights and inputs, any bit-slicing and shape)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const bits = Math.ceil(Math.log2(maxColumn(c) + 1));
        const m = new MappedMatrix(c.w, config(c, bits), undefined);
        expect(m.multiply(c.x, undefined).outputs).toEqual(exactMvm(c.w, c.x));
      }),
      { numRuns: 300 },
    );
  });

  it('property: with too few ADC bits (unit step) the error is zero when no column sum exceeds full scale, and never more than the clipped excess', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 6 }), (c, adcBits) => {
        const top = 2 ** adcBits - 1;
        const got = new MappedMatrix(c.w, config(c, adcBits), undefined).multiply(c.x, undefined).outputs;
        const exact = exactMvm(c.w, c.x);
        const conv = idealConversions(c);
        const bound = exact.map(() => 0);
        for (const k of conv) bound[k.j]! += Math.abs(k.factor) * Math.max(0, k.value - top);
        exact.forEach((e, j) => {
          expect(Math.abs(got[j]! - e)).toBeLessThanOrEqual(bound[j]!);
        });
        if (conv.every((k) => k.value <= top)) expect(got).toEqual(exact);
      }),
      { numRuns: 300 },
    );
  });

  it('property: clipping is visible: a column sum beyond full scale makes some result wrong', () => {
    // All-positive weights and inputs at their maximum push every column to its largest value.
    const c = {
      bitsPerCell: 2,
      weightBits: 8,
      signed: 'differential' as const,
      inputBits: 4,
      dacBits: 1,
      inputSigned: false,
      rows: 16,
      cols: 8,
    };
    const w = Array.from({ length: 16 }, () => [127]);
    const x = Array.from({ length: 16 }, () => 15);
    const enough = new MappedMatrix(w, { ...c, adcBits: 6, adcLsb: 1, device: IDEAL_DEVICE }, undefined).multiply(
      x,
      undefined,
    ).outputs;
    const few = new MappedMatrix(w, { ...c, adcBits: 4, adcLsb: 1, device: IDEAL_DEVICE }, undefined).multiply(
      x,
      undefined,
    ).outputs;
    expect(enough).toEqual([16 * 127 * 15]);
    expect(few[0]).toBeLessThan(16 * 127 * 15);
  });

  it('property: a full-scale ADC (step = max column / (2^bits − 1)) errs by at most half a step per conversion, weighted by its shift-and-add factor', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 8 }), (c, adcBits) => {
        const lsb = maxColumn(c) / (2 ** adcBits - 1);
        const got = new MappedMatrix(c.w, config(c, adcBits, lsb), undefined).multiply(c.x, undefined).outputs;
        const exact = exactMvm(c.w, c.x);
        const bound = exact.map(() => 0);
        for (const k of idealConversions(c)) bound[k.j]! += Math.abs(k.factor) * (lsb / 2);
        exact.forEach((e, j) => expect(Math.abs(got[j]! - e)).toBeLessThanOrEqual(bound[j]! * (1 + 1e-9) + 1e-6));
      }),
      { numRuns: 200 },
    );
  });

  it('property: with programming variation, results are identical for the same seed and the analog columns change with the seed', () => {
    const device = { ...IDEAL_DEVICE, variationSigma: 0.2, readNoiseSigma: 0.05 };
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 2 ** 30 }), (c, seed) => {
        const cfg = config(c, 16, 1, device);
        const run = (s: number) => new MappedMatrix(c.w, cfg, new Rng(s)).multiply(c.x, new Rng(s + 1)).outputs;
        expect(run(seed)).toEqual(run(seed));
        const a = new MappedMatrix(c.w, cfg, new Rng(seed)).blocks[0]!.array.cells;
        const b = new MappedMatrix(c.w, cfg, new Rng(seed + 7)).blocks[0]!.array.cells;
        expect(Array.from(a)).not.toEqual(Array.from(b));
      }),
      { numRuns: 100 },
    );
  });

  it('property: variation moves the MVM away from the exact result on a large enough array, and by more as σ grows', () => {
    const c = {
      bitsPerCell: 2,
      weightBits: 8,
      signed: 'differential' as const,
      inputBits: 8,
      dacBits: 1,
      inputSigned: false,
      rows: 64,
      cols: 64,
    };
    const rng = new Rng(3);
    const w = Array.from({ length: 64 }, () => Array.from({ length: 8 }, () => rng.nextInt(255) - 127));
    const x = Array.from({ length: 64 }, () => rng.nextInt(256));
    const exact = exactMvm(w, x);
    const err = (sigma: number) => {
      const cfg = { ...c, adcBits: 12, adcLsb: 1, device: { ...IDEAL_DEVICE, variationSigma: sigma } };
      const out = new MappedMatrix(w, cfg, new Rng(11)).multiply(x, undefined).outputs;
      return out.reduce((acc, v, j) => acc + Math.abs(v - exact[j]!), 0);
    };
    expect(err(0)).toBe(0);
    expect(err(0.05)).toBeGreaterThan(0);
    expect(err(0.3)).toBeGreaterThan(err(0.05));
  });

  it('property: cells stuck at G_on read as the top level whatever was written', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }),
        (bits, dac) => {
          const a = new CrossbarArray(8, 4, { ...IDEAL_DEVICE, bitsPerCell: bits, stuckOnRate: 1 });
          a.program(() => 0, new Rng(1));
          const sum = dac.reduce((x, y) => x + y, 0);
          expect(Array.from(a.read(dac, undefined))).toEqual([1, 2, 3, 4].map(() => (2 ** bits - 1) * sum));
        },
      ),
    );
  });

  it('rejects weights and inputs outside their widths with a HelenError naming the value', () => {
    const cfg: MvmConfig = {
      bitsPerCell: 2,
      weightBits: 4,
      signed: 'differential',
      inputBits: 4,
      dacBits: 1,
      inputSigned: false,
      rows: 8,
      cols: 8,
      adcBits: 8,
      adcLsb: 1,
      device: IDEAL_DEVICE,
    };
    expect(() => new MappedMatrix([[-8]], cfg, undefined)).toThrow(/weight -8 is outside -7..7/);
    expect(() => new MappedMatrix([[1]], cfg, undefined).multiply([16], undefined)).toThrow(
      /input 16 is outside 0..15/,
    );
    expect(() => new MappedMatrix([[1]], { ...cfg, cols: 3 }, undefined)).toThrow(/cannot hold one 4-bit weight/);
  });
});
