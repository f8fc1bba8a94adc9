import type { DeviceParams } from '../device.js';
import type { LifConstants } from '../lif-dynamics.js';
import { accumulateWeightGradient, adamStep, backpropNeuron, backwardModel } from './backward.js';
import { realisedWeights, runLayer, spikeEdges, type LayerShape } from './discrete-layer.js';
import { vanRossumPopulation } from './van-rossum.js';

/** A temporal pattern association task: input pattern A must evoke output pattern B. */
export interface AssociationTask {
  shape: LayerShape;
  /** Edges at which each input channel's spikes reach the population. */
  inputEdges: number[][];
  /** Target spike edges of each output neuron. */
  targetEdges: number[][];
}

/** The hardware the weights are trained for: neuron constants and the array's weight realisation. */
export interface TrainingHardware {
  constants: LifConstants;
  device: DeviceParams;
  /** mV of ΔI per nS of G⁺ − G⁻ (SynapseArray.mvPerNs). */
  mvPerNs: number;
}

/** Knobs of the surrogate-gradient routine. */
export interface TrainingOptions {
  /** Gradient steps (full batch: the one pattern). */
  epochs: number;
  /** Adam step size, mV. */
  learningRateMv: number;
  /** Van Rossum τ of the loss, in edges. */
  tauVrEdges: number;
  /** Surrogate sharpness β, per mV: ∂s/∂v ≈ 1/(1 + β·|v − θ|)². */
  surrogateBetaPerMv: number;
  /** Initial weights (row-major inputs × outputs, mV). */
  initialMv: Float64Array;
  /** Also differentiate a spike's effect on the threshold (r += Δθ·s); the membrane reset stays detached. Default true. */
  throughAdaptation?: boolean;
}

/** What training produced. */
export interface TrainingResult {
  /** Best target weights found (mV, row-major): what a weights file should hold. */
  weightsMv: Float64Array;
  /** Van Rossum distance (τ = tauVrEdges) of the realised weights' output to the target, per epoch. */
  distanceHistory: number[];
  /** The best distance and the epoch it was reached at. */
  bestDistance: number;
  bestEpoch: number;
}

/**
 * Trains one layer by backpropagation through time with a surrogate gradient
 * (SuperSpike's fast sigmoid). The forward pass is the simulator's own
 * discrete model with the weights the memristor array realises (quantised:
 * a straight-through estimator passes gradients to the float targets). The
 * loss is the squared van Rossum distance to the target train, whose
 * derivative in a spike at edge n is Σ_m s_m·e^(−|n−m|/τ) − Σ_k e^(−|n−b_k|/τ).
 * The backward pass through the neurons is `backpropNeuron` (shared with the
 * classifier trainer); the threshold's part in it is differentiated unless
 * `throughAdaptation` is false.
 */
export function trainAssociation(task: AssociationTask, hw: TrainingHardware, opt: TrainingOptions): TrainingResult {
  const { inputs, outputs, edges } = task.shape;
  const model = backwardModel(hw.constants, opt.surrogateBetaPerMv, opt.throughAdaptation ?? true);
  const maxW = (hw.device.gMaxNs - hw.device.gMinNs) * hw.mvPerNs;
  const w = Float64Array.from(opt.initialMv);
  const m1 = new Float64Array(w.length);
  const m2 = new Float64Array(w.length);
  const grad = new Float64Array(w.length);
  const decay = Array.from({ length: edges }, (_, d) => Math.exp(-d / opt.tauVrEdges));
  const active: number[][] = Array.from({ length: edges }, () => []);
  for (let i = 0; i < inputs; i++) for (const e of task.inputEdges[i]!) if (e >= 0 && e < edges) active[e]!.push(i);
  const dLds = new Float64Array(edges);
  const dLdInput = new Float64Array(edges);
  const history: number[] = [];
  let best = { d: Infinity, epoch: -1, w: Float64Array.from(w) };
  for (let epoch = 0; epoch < opt.epochs; epoch++) {
    const realised = realisedWeights(w, hw.device, hw.mvPerNs);
    const trace = runLayer(task.shape, hw.constants, realised, task.inputEdges);
    const produced = Array.from({ length: outputs }, (_, j) => spikeEdges(trace, j, edges));
    const d = vanRossumPopulation(produced, task.targetEdges, opt.tauVrEdges);
    history.push(d);
    if (d < best.d) best = { d, epoch, w: Float64Array.from(w) };
    grad.fill(0);
    for (let j = 0; j < outputs; j++) {
      // The squared van Rossum distance's derivative in a spike at edge n.
      for (let n = 0; n < edges; n++) {
        let g = 0;
        for (const m of produced[j]!) g += decay[Math.abs(n - m)]!;
        for (const b of task.targetEdges[j]!) g -= decay[Math.abs(n - b)]!;
        dLds[n] = g;
      }
      backpropNeuron(trace, j, edges, dLds, model, dLdInput);
      accumulateWeightGradient(active, dLdInput, j, outputs, grad);
    }
    adamStep(w, grad, m1, m2, epoch + 1, opt.learningRateMv);
    for (let k = 0; k < w.length; k++) w[k] = Math.max(-maxW, Math.min(maxW, w[k]!));
  }
  return { weightsMv: best.w, distanceHistory: history, bestDistance: best.d, bestEpoch: best.epoch };
}
