import { Rng } from '../../../core/index.js';
import { NeuronBank } from '../neuron-bank.js';
import { accumulateWeightGradient, adamStep, backpropNeuron, backwardModel } from './backward.js';
import { realisedWeights, runLayerActive, type LayerShape, type LayerTrace } from './discrete-layer.js';
import type { TrainingHardware } from './surrogate-trainer.js';
import { strictlyMost } from '../driver/window-scorer.js';

/** Labelled spike samples: sample k's channels active at each edge, coded afresh per epoch. */
export interface ClassificationData {
  shape: LayerShape;
  samples: number;
  /** The class of sample k (an output neuron). */
  label(k: number): number;
  /** Channels (ascending) whose spikes reach the population at each edge 0 … edges−1, for sample k in `epoch`. */
  active(k: number, epoch: number): number[][];
}

/** Knobs of the classification trainer. */
export interface ClassifierOptions {
  epochs: number;
  /** Samples per gradient step. */
  batchSize: number;
  /** Adam step size, mV. */
  learningRateMv: number;
  /** Surrogate sharpness β, per mV. */
  surrogateBetaPerMv: number;
  /** Logit per output spike: softmax(countScale · spike counts). */
  countScale: number;
  /** Initial weights (row-major inputs × outputs, mV). */
  initialMv: Float64Array;
  /** Seed of the sample order. */
  seed: number;
}

/** What classification training produced. */
export interface ClassifierResult {
  /** Target weights (mV, row-major): what a weights file should hold. */
  weightsMv: Float64Array;
  /** Per epoch: mean cross-entropy and training accuracy of the realised weights (tie = wrong), as seen while training. */
  history: { loss: number; accuracy: number }[];
}

/** Spikes of each output neuron over a trace. */
export function spikeCounts(trace: LayerTrace, outputs: number, edges: number): Int32Array {
  const counts = new Int32Array(outputs);
  for (let j = 0; j < outputs; j++) for (let n = 0; n < edges; n++) counts[j]! += trace.spikes[j * edges + n]!;
  return counts;
}

/**
 * Trains one layer as a classifier by backpropagation through time with a
 * surrogate gradient, on the simulator's own discrete model with the weights
 * the memristor array realises (straight-through to the float targets). The
 * loss is the softmax cross-entropy of the output spike counts scaled by
 * `countScale`, whose derivative in a spike of neuron j at any edge is
 * countScale·(p_j − y_j); the backward pass through the neurons is
 * `backpropNeuron`, shared with the temporal-association trainer.
 * Mini-batches in a seeded order, Adam, weights clipped to the array's range.
 */
export function trainClassifier(
  data: ClassificationData,
  hw: TrainingHardware,
  opt: ClassifierOptions,
  onEpoch?: (epoch: number, stats: { loss: number; accuracy: number }) => void,
): ClassifierResult {
  const { outputs, edges } = data.shape;
  const model = backwardModel(hw.constants, opt.surrogateBetaPerMv, true);
  const maxW = (hw.device.gMaxNs - hw.device.gMinNs) * hw.mvPerNs;
  const w = Float64Array.from(opt.initialMv);
  const m1 = new Float64Array(w.length);
  const m2 = new Float64Array(w.length);
  const grad = new Float64Array(w.length);
  const dLds = new Float64Array(edges);
  const dLdInput = new Float64Array(edges);
  const bank = new NeuronBank(outputs, hw.constants);
  const rng = new Rng(opt.seed);
  const order = Array.from({ length: data.samples }, (_, k) => k);
  const history: ClassifierResult['history'] = [];
  let step = 0;
  for (let epoch = 0; epoch < opt.epochs; epoch++) {
    for (let k = order.length - 1; k > 0; k--) {
      const r = rng.nextInt(k + 1);
      [order[k], order[r]] = [order[r]!, order[k]!];
    }
    let lossSum = 0;
    let right = 0;
    for (let b = 0; b < order.length; b += opt.batchSize) {
      const batch = order.slice(b, b + opt.batchSize);
      const realised = realisedWeights(w, hw.device, hw.mvPerNs);
      grad.fill(0);
      for (const k of batch) {
        const active = data.active(k, epoch);
        const label = data.label(k);
        const trace = runLayerActive(data.shape, realised, active, bank);
        const counts = spikeCounts(trace, outputs, edges);
        if (strictlyMost(counts, label)) right++;
        const p = softmax(counts, opt.countScale);
        lossSum -= Math.log(Math.max(p[label]!, 1e-300));
        for (let j = 0; j < outputs; j++) {
          dLds.fill((opt.countScale * (p[j]! - (j === label ? 1 : 0))) / batch.length);
          backpropNeuron(trace, j, edges, dLds, model, dLdInput);
          accumulateWeightGradient(active, dLdInput, j, outputs, grad);
        }
      }
      adamStep(w, grad, m1, m2, ++step, opt.learningRateMv);
      for (let k = 0; k < w.length; k++) w[k] = Math.max(-maxW, Math.min(maxW, w[k]!));
    }
    const stats = { loss: lossSum / data.samples, accuracy: right / data.samples };
    history.push(stats);
    onEpoch?.(epoch, stats);
  }
  return { weightsMv: w, history };
}

/** softmax(scale · counts). */
function softmax(counts: Int32Array, scale: number): Float64Array {
  let max = -Infinity;
  for (const c of counts) max = Math.max(max, scale * c);
  const p = Float64Array.from(counts, (c) => Math.exp(scale * c - max));
  const sum = p.reduce((s, x) => s + x, 0);
  for (let j = 0; j < p.length; j++) p[j]! /= sum;
  return p;
}
