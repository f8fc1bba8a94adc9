import type { Rng } from '../../core/index.js';

/** The activations training supports (a subset of a layer list's). */
export type DenseActivation = 'relu' | 'none';

/** A fully-connected layer being trained: `rows` inputs × `cols` outputs, row-major (LayerWeights' layout). */
export interface DenseLayer {
  rows: number;
  cols: number;
  weights: Float64Array;
  bias: Float64Array;
  activation: DenseActivation;
}

/** A layer of `rows` × `cols` with He-normal weights (σ = √(2/rows)) from `rng` and zero biases. */
export function initDense(rng: Rng, rows: number, cols: number, activation: DenseActivation): DenseLayer {
  const sigma = Math.sqrt(2 / rows);
  const weights = Float64Array.from({ length: rows * cols }, () => rng.nextGaussian(0, sigma));
  return { rows, cols, weights, bias: new Float64Array(cols), activation };
}

/** The layer's outputs for input `x` (after its activation). */
export function denseForward(l: DenseLayer, x: ArrayLike<number>): Float64Array {
  const y = Float64Array.from(l.bias);
  for (let i = 0; i < l.rows; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const row = i * l.cols;
    for (let j = 0; j < l.cols; j++) y[j]! += xi * l.weights[row + j]!;
  }
  if (l.activation === 'relu') for (let j = 0; j < l.cols; j++) if (y[j]! < 0) y[j] = 0;
  return y;
}

/** Gradients of one layer, accumulated over a mini-batch. */
export interface DenseGradient {
  weights: Float64Array;
  bias: Float64Array;
}

/** A zero gradient for `l`. */
export function zeroGradient(l: DenseLayer): DenseGradient {
  return { weights: new Float64Array(l.weights.length), bias: new Float64Array(l.cols) };
}

/**
 * Back-propagates `gradOut` (∂loss/∂output of `l`, output `y` for input `x`)
 * through the layer: adds ∂loss/∂weights and ∂loss/∂bias to `g` and returns
 * ∂loss/∂x (skipped when `needInput` is false, for the first layer).
 */
export function denseBackward(
  l: DenseLayer,
  x: ArrayLike<number>,
  y: Float64Array,
  gradOut: Float64Array,
  g: DenseGradient,
  needInput: boolean,
): Float64Array | undefined {
  const dz = Float64Array.from(gradOut, (d, j) => (l.activation === 'relu' && y[j]! <= 0 ? 0 : d));
  for (let j = 0; j < l.cols; j++) g.bias[j]! += dz[j]!;
  const dx = needInput ? new Float64Array(l.rows) : undefined;
  for (let i = 0; i < l.rows; i++) {
    const xi = x[i]!;
    const row = i * l.cols;
    if (xi !== 0) for (let j = 0; j < l.cols; j++) g.weights[row + j]! += xi * dz[j]!;
    if (dx) {
      let s = 0;
      for (let j = 0; j < l.cols; j++) s += l.weights[row + j]! * dz[j]!;
      dx[i] = s;
    }
  }
  return dx;
}

/** Plain SGD: weights −= rate · gradient / count, then clears the gradient. */
export function sgdStep(l: DenseLayer, g: DenseGradient, rate: number, count: number): void {
  const k = rate / count;
  for (let i = 0; i < l.weights.length; i++) {
    l.weights[i]! -= k * g.weights[i]!;
    g.weights[i] = 0;
  }
  for (let j = 0; j < l.cols; j++) {
    l.bias[j]! -= k * g.bias[j]!;
    g.bias[j] = 0;
  }
}

/** Softmax cross-entropy of `logits` against class `label`: the loss and ∂loss/∂logits. */
export function softmaxCrossEntropy(logits: Float64Array, label: number): { loss: number; grad: Float64Array } {
  const max = Math.max(...logits);
  const exp = logits.map((z) => Math.exp(z - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  const grad = exp.map((e) => e / sum);
  const loss = -Math.log(Math.max(grad[label]!, 1e-300));
  grad[label]! -= 1;
  return { loss, grad };
}
