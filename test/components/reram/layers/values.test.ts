import { describe, expect, it } from 'vitest';
import { IDEAL_DEVICE } from '../../../../components/reram/crossbar-array.js';
import { checkLayerValues, quantizeWeights } from '../../../../components/reram/layers/values.js';
import type { MvmConfig } from '../../../../components/reram/mvm.js';

/** A crossbar whose 2-bit ADC clips the sums of random 4-bit weights and inputs. */
const cfg: MvmConfig = {
  bitsPerCell: 2,
  weightBits: 4,
  signed: 'differential',
  inputBits: 4,
  dacBits: 1,
  inputSigned: false,
  rows: 8,
  cols: 16,
  adcBits: 2,
  adcLsb: 1,
  device: IDEAL_DEVICE,
};
const layer = { name: 'fc1', rows: 8, cols: 2, vectors: 1 };

describe('values checked with trained weights', () => {
  it('quantizes symmetrically: the largest |weight| to the range end, signs kept, rounded', () => {
    const w = { rows: 2, cols: 2, values: Float32Array.of(0.5, -1, 0.25, 0) };
    expect(quantizeWeights(w, -7, 7)).toEqual([
      [4, -7],
      [2, 0],
    ]);
  });

  it('uses the trained weights of a layer that has them (all-zero weights: every output exact), random ones otherwise', () => {
    const spec = { seed: 1, layers: 1, vectors: 4 };
    const zero = { rows: 8, cols: 2, values: new Float32Array(16) };
    const [trained] = checkLayerValues([layer], cfg, { ...spec, weights: new Map([['fc1', zero]]) });
    const [random] = checkLayerValues([layer], cfg, spec);
    expect(trained).toMatchObject({ weights: 'trained', outputs: 8, exactOutputs: 8 });
    expect(random!.weights).toBe('random');
    expect(random!.exactOutputs).toBeLessThan(8);
  });
});
