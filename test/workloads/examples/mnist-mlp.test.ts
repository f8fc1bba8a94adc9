import { describe, expect, it } from 'vitest';
import { loadMnist } from '../../../workloads/mnist/index.js';
import { readOnnx } from '../../../workloads/onnx/index.js';
import { accuracy, mlpFromLayers } from '../../../workloads/training/index.js';

describe('workloads/examples/mnist-mlp.onnx', () => {
  const model = readOnnx('workloads/examples/mnist-mlp.onnx');

  it('is a 784-64-10 ReLU perceptron with its trained weights', () => {
    expect(
      model.network.layers.map((l) => (l.kind === 'fc' ? [l.inFeatures, l.outFeatures, l.activation] : l.kind)),
    ).toEqual([
      [784, 64, 'relu'],
      [64, 10, 'none'],
    ]);
    expect(model.weights?.size).toBe(2);
  });

  it('classifies the 2,000 test digits with the documented float accuracy (94.15 %)', () => {
    const { test } = loadMnist();
    const acc = accuracy(mlpFromLayers(model.network, model.weights), test);
    // The band allows float32 rounding of the weights on other platforms, not a different model.
    expect(acc).toBeGreaterThanOrEqual(0.935);
    expect(acc).toBeLessThanOrEqual(0.948);
  });
});
