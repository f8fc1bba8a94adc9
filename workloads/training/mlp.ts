import { HelenError, Rng } from '../../core/index.js';
import type { LayerList } from '../layers/layer-list.js';
import type { LayerWeights } from '../layers/weights.js';
import {
  denseBackward,
  denseForward,
  initDense,
  sgdStep,
  softmaxCrossEntropy,
  zeroGradient,
  type DenseLayer,
} from './dense.js';

/** A labelled example: an input vector and its class. */
export interface Example {
  pixels: ArrayLike<number>;
  label: number;
}

/** A multilayer perceptron: dense layers, ReLU between them, logits out. */
export interface Mlp {
  layers: DenseLayer[];
}

/** How to train an MLP; every run with the same options and data gives the same weights. */
export interface MlpTraining {
  /** Layer widths from input to output, e.g. [784, 64, 10]. */
  sizes: number[];
  /** Random stream of the initial weights and of each epoch's example order. */
  seed: number;
  epochs: number;
  /** SGD step size. */
  learningRate: number;
  /** Examples per SGD step. */
  batchSize: number;
  /** Told after each epoch: its number (1-based) and mean training loss. */
  onEpoch?: (epoch: number, loss: number) => void;
}

/** Trains an MLP with mini-batch SGD on softmax cross-entropy, deterministically from `options.seed`. */
export function trainMlp(examples: readonly Example[], options: MlpTraining): Mlp {
  const rng = new Rng(options.seed);
  const { sizes } = options;
  const layers = sizes
    .slice(1)
    .map((cols, i) => initDense(rng, sizes[i]!, cols, i === sizes.length - 2 ? 'none' : 'relu'));
  const grads = layers.map(zeroGradient);
  const order = examples.map((_, i) => i);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    shuffle(order, rng);
    let total = 0;
    for (let start = 0; start < order.length; start += options.batchSize) {
      const batch = order.slice(start, start + options.batchSize);
      for (const k of batch) {
        const e = examples[k]!;
        const outs = forwardAll(layers, e.pixels);
        const { loss, grad } = softmaxCrossEntropy(outs[outs.length - 1]!, e.label);
        total += loss;
        let g: Float64Array | undefined = grad;
        for (let li = layers.length - 1; li >= 0 && g; li--) {
          const x = li === 0 ? e.pixels : outs[li - 1]!;
          g = denseBackward(layers[li]!, x, outs[li]!, g, grads[li]!, li > 0);
        }
      }
      layers.forEach((l, li) => sgdStep(l, grads[li]!, options.learningRate, batch.length));
    }
    options.onEpoch?.(epoch, total / order.length);
  }
  return { layers };
}

function forwardAll(layers: readonly DenseLayer[], x: ArrayLike<number>): Float64Array[] {
  const outs: Float64Array[] = [];
  let v: ArrayLike<number> = x;
  for (const l of layers) {
    v = denseForward(l, v);
    outs.push(v as Float64Array);
  }
  return outs;
}

function shuffle(a: number[], rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
}

/** The class with the largest logit for input `x`. */
export function predict(mlp: Mlp, x: ArrayLike<number>): number {
  const logits = forwardAll(mlp.layers, x).at(-1)!;
  let best = 0;
  for (let j = 1; j < logits.length; j++) if (logits[j]! > logits[best]!) best = j;
  return best;
}

/** The fraction of `examples` the MLP classifies right. */
export function accuracy(mlp: Mlp, examples: readonly Example[]): number {
  let right = 0;
  for (const e of examples) if (predict(mlp, e.pixels) === e.label) right++;
  return right / examples.length;
}

/** The MLP as a layer list of fc layers (batch 1) with its weights, as Helen's ONNX writer takes them. */
export function mlpToLayers(mlp: Mlp, name: string): { list: LayerList; weights: Map<string, LayerWeights> } {
  const weights = new Map<string, LayerWeights>();
  const layers = mlp.layers.map((l, i) => {
    const layerName = `fc${i + 1}`;
    weights.set(layerName, {
      rows: l.rows,
      cols: l.cols,
      values: Float32Array.from(l.weights),
      bias: Float32Array.from(l.bias),
    });
    return {
      kind: 'fc' as const,
      name: layerName,
      inFeatures: l.rows,
      outFeatures: l.cols,
      rows: 1,
      activation: l.activation,
      loc: { path: `layers[${i}]` },
    };
  });
  return { list: { name, batch: 1, layers }, weights };
}

/** An MLP from a layer list of fc layers with weights (a read ONNX model), to evaluate it. */
export function mlpFromLayers(list: LayerList, weights: ReadonlyMap<string, LayerWeights> | undefined): Mlp {
  return {
    layers: list.layers.map((l) => {
      const w = weights?.get(l.name);
      if (l.kind !== 'fc' || l.rows !== 1 || !w || (l.activation !== 'relu' && l.activation !== 'none'))
        throw new HelenError(
          'E_WORKLOAD',
          `layer "${l.name}" is not a fully-connected layer with weights and a ReLU or no activation`,
          l.loc,
        );
      return {
        rows: w.rows,
        cols: w.cols,
        weights: Float64Array.from(w.values),
        bias: w.bias ? Float64Array.from(w.bias) : new Float64Array(w.cols),
        activation: l.activation,
      };
    }),
  };
}
