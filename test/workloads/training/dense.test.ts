import { describe, expect, it } from 'vitest';
import { Rng } from '../../../core/index.js';
import {
  denseBackward,
  denseForward,
  initDense,
  softmaxCrossEntropy,
  zeroGradient,
} from '../../../workloads/training/dense.js';
import { accuracy, mlpFromLayers, mlpToLayers, trainMlp } from '../../../workloads/training/mlp.js';

/** Loss of a two-layer net on (x, label), for finite differences. */
function lossOf(layers: ReturnType<typeof initDense>[], x: number[], label: number): number {
  return softmaxCrossEntropy(denseForward(layers[1]!, denseForward(layers[0]!, x)), label).loss;
}

describe('dense layers', () => {
  it('back-propagated weight gradients match finite differences of the loss', () => {
    const rng = new Rng(7);
    const layers = [initDense(rng, 5, 4, 'relu'), initDense(rng, 4, 3, 'none')];
    const x = [0.3, -0.2, 0.8, 0.1, 0.5];
    const h = denseForward(layers[0]!, x);
    const y = denseForward(layers[1]!, h);
    const g = layers.map(zeroGradient);
    const dh = denseBackward(layers[1]!, h, y, softmaxCrossEntropy(y, 2).grad, g[1]!, true)!;
    denseBackward(layers[0]!, x, h, dh, g[0]!, false);
    const eps = 1e-6;
    for (const [li, i] of [
      [0, 0],
      [0, 7],
      [1, 5],
      [1, 11],
    ] as const) {
      const w = layers[li]!.weights;
      const keep = w[i]!;
      w[i] = keep + eps;
      const up = lossOf(layers, x, 2);
      w[i] = keep - eps;
      const down = lossOf(layers, x, 2);
      w[i] = keep;
      expect(g[li]!.weights[i]).toBeCloseTo((up - down) / (2 * eps), 5);
    }
  });

  it('training is deterministic from its seed and learns a separable toy problem', () => {
    const rng = new Rng(3);
    const examples = Array.from({ length: 200 }, () => {
      const pixels = [rng.nextFloat(), rng.nextFloat()];
      return { pixels, label: pixels[0]! > pixels[1]! ? 1 : 0 };
    });
    const options = { sizes: [2, 8, 2], seed: 5, epochs: 20, learningRate: 0.5, batchSize: 10 };
    const a = trainMlp(examples, options);
    const b = trainMlp(examples, options);
    expect(Array.from(a.layers[0]!.weights)).toEqual(Array.from(b.layers[0]!.weights));
    expect(accuracy(a, examples)).toBeGreaterThan(0.9);
    const { list, weights } = mlpToLayers(a, 'toy');
    expect(accuracy(mlpFromLayers(list, weights), examples)).toBe(accuracy(a, examples));
  });
});
