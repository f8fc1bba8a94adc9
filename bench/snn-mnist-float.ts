// The floating-point (non-spiking) counterparts the MNIST spiking classifier is compared with.
import { Rng } from '../core/index.js';
import { adamStep } from '../components/neuromorphic/index.js';
import { MNIST_PIXELS, type MnistDigit } from '../workloads/mnist/index.js';

const CLASSES = 10;

/** A 784 → 10 linear classifier in float: weights row-major (pixel × class) and one bias per class. */
export interface LinearModel {
  weights: Float64Array;
  bias: Float64Array;
}

/** The class with the largest x·W + b (the first on a tie). */
function predict(
  weights: Float64Array,
  bias: Float64Array | undefined,
  pixels: Float32Array,
  out: Float64Array,
): number {
  for (let j = 0; j < CLASSES; j++) out[j] = bias?.[j] ?? 0;
  for (let i = 0; i < MNIST_PIXELS; i++) {
    const x = pixels[i]!;
    if (x === 0) continue;
    for (let j = 0; j < CLASSES; j++) out[j]! += x * weights[i * CLASSES + j]!;
  }
  let best = 0;
  for (let j = 1; j < CLASSES; j++) if (out[j]! > out[best]!) best = j;
  return best;
}

/** Held-out accuracy of a float linear model. */
export function floatAccuracy(m: LinearModel, digits: readonly MnistDigit[]): number {
  const z = new Float64Array(CLASSES);
  return digits.filter((d) => predict(m.weights, m.bias, d.pixels, z) === d.label).length / digits.length;
}

/** Accuracy of an SNN's target weights used as a float linear classifier of pixel intensities (no bias). */
export function linearAccuracy(weightsMv: Float64Array, digits: readonly MnistDigit[]): number {
  const z = new Float64Array(CLASSES);
  return digits.filter((d) => predict(weightsMv, undefined, d.pixels, z) === d.label).length / digits.length;
}

/** Softmax regression (a 784 → 10 ANN without hidden layer) trained with mini-batch Adam from a seed. */
export function trainSoftmaxRegression(
  digits: readonly MnistDigit[],
  opt: { epochs: number; batchSize: number; learningRate: number; seed: number },
): LinearModel {
  const params = new Float64Array(MNIST_PIXELS * CLASSES + CLASSES);
  const grad = new Float64Array(params.length);
  const m1 = new Float64Array(params.length);
  const m2 = new Float64Array(params.length);
  const weights = params.subarray(0, MNIST_PIXELS * CLASSES);
  const bias = params.subarray(MNIST_PIXELS * CLASSES);
  const z = new Float64Array(CLASSES);
  const rng = new Rng(opt.seed);
  const order = digits.map((_, k) => k);
  let step = 0;
  for (let epoch = 0; epoch < opt.epochs; epoch++) {
    for (let k = order.length - 1; k > 0; k--) {
      const r = rng.nextInt(k + 1);
      [order[k], order[r]] = [order[r]!, order[k]!];
    }
    for (let b = 0; b < order.length; b += opt.batchSize) {
      const batch = order.slice(b, b + opt.batchSize);
      grad.fill(0);
      for (const k of batch) {
        const d = digits[k]!;
        predict(weights, bias, d.pixels, z);
        const max = Math.max(...z);
        let sum = 0;
        for (let j = 0; j < CLASSES; j++) sum += z[j] = Math.exp(z[j]! - max);
        for (let j = 0; j < CLASSES; j++) {
          const g = (z[j]! / sum - (j === d.label ? 1 : 0)) / batch.length;
          grad[MNIST_PIXELS * CLASSES + j]! += g;
          for (let i = 0; i < MNIST_PIXELS; i++) if (d.pixels[i]! !== 0) grad[i * CLASSES + j]! += g * d.pixels[i]!;
        }
      }
      adamStep(params, grad, m1, m2, ++step, opt.learningRate);
    }
  }
  return { weights: Float64Array.from(weights), bias: Float64Array.from(bias) };
}
