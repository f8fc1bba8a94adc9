import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IDEAL_DEVICE } from '../../../components/reram/crossbar-array.js';
import { inputRange, weightRange } from '../../../components/reram/encoding.js';
import { MappedMatrix, type MvmConfig } from '../../../components/reram/mvm.js';
import { quantisedMvm } from '../../../components/reram/properties.js';

/** A small crossbar configuration: 2-bit cells, 8-bit signed weights, unsigned 4-bit inputs on 1-bit DACs. */
const config = (signed: MvmConfig['signed'], adcBits: number, adcLsb: number): MvmConfig => ({
  rows: 4,
  cols: 16,
  bitsPerCell: 2,
  weightBits: 8,
  signed,
  inputBits: 4,
  dacBits: 1,
  inputSigned: false,
  adcBits,
  adcLsb,
  device: IDEAL_DEVICE,
});

const caseOf = (cfg: MvmConfig) => {
  const [wLo, wHi] = weightRange(cfg);
  const [xLo, xHi] = inputRange(cfg);
  return fc
    .record({ rows: fc.integer({ min: 1, max: 4 }), cols: fc.integer({ min: 1, max: 2 }) })
    .chain(({ rows, cols }) =>
      fc.record({
        w: fc.array(fc.array(fc.integer({ min: wLo, max: wHi }), { minLength: cols, maxLength: cols }), {
          minLength: rows,
          maxLength: rows,
        }),
        x: fc.array(fc.integer({ min: xLo, max: xHi }), { minLength: rows, maxLength: rows }),
      }),
    );
};

describe('the reference MVM of reram.ima properties', () => {
  for (const signed of ['offset', 'differential'] as const) {
    it(`${signed}: with exact ADCs that never clip, the quantised MVM is the integer product Wᵀx`, () => {
      const cfg = config(signed, 8, 1);
      fc.assert(
        fc.property(caseOf(cfg), ({ w, x }) => {
          expect(quantisedMvm(w, x, cfg)).toEqual(w[0]!.map((_, j) => w.reduce((a, row, r) => a + row[j]! * x[r]!, 0)));
        }),
      );
    });

    it(`${signed}: the model's value path equals the reference for coarse and clipping ADCs alike`, () => {
      for (const [bits, lsb] of [
        [8, 3],
        [3, 1],
        [2, 2],
      ] as const) {
        const cfg = config(signed, bits, lsb);
        fc.assert(
          fc.property(caseOf(cfg), ({ w, x }) => {
            expect(new MappedMatrix(w, cfg, undefined).multiply(x, undefined).outputs).toEqual(quantisedMvm(w, x, cfg));
          }),
        );
      }
    });
  }
});
