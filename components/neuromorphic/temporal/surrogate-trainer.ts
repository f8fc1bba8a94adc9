import type { DeviceParams } from '../device.js';
import { LifDynamics, type LifConstants } from '../lif-dynamics.js';
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
 * A spike's effect on the membrane (the reset) is not differentiated
 * (detached, as is usual); its effect on the threshold (r += Δθ·s) is, unless
 * `throughAdaptation` is false. The rest is exact for the recursion
 * I⁻(n+1) = a_s·I(n), v⁻(n+1) = a_m·v(n) + K·I(n), r⁻(n+1) = a_r·r(n).
 */
export function trainAssociation(task: AssociationTask, hw: TrainingHardware, opt: TrainingOptions): TrainingResult {
  const { inputs, outputs, edges } = task.shape;
  const dyn = new LifDynamics(hw.constants);
  const aS = dyn.synDecay(1);
  const aM = dyn.memDecay(1);
  const kOne = dyn.kernel(1);
  const aR = dyn.adaptDecay(1);
  const adaptation = opt.throughAdaptation ?? true;
  const maxW = (hw.device.gMaxNs - hw.device.gMinNs) * hw.mvPerNs;
  const w = Float64Array.from(opt.initialMv);
  const m1 = new Float64Array(w.length);
  const m2 = new Float64Array(w.length);
  const grad = new Float64Array(w.length);
  const decay = Array.from({ length: edges }, (_, d) => Math.exp(-d / opt.tauVrEdges));
  const active: number[][] = Array.from({ length: edges }, () => []);
  for (let i = 0; i < inputs; i++) for (const e of task.inputEdges[i]!) if (e >= 0 && e < edges) active[e]!.push(i);
  const dLds = new Float64Array(edges);
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
      const base = j * edges;
      for (let n = 0; n < edges; n++) {
        let g = 0;
        for (const m of produced[j]!) g += decay[Math.abs(n - m)]!;
        for (const b of task.targetEdges[j]!) g -= decay[Math.abs(n - b)]!;
        dLds[n] = g;
      }
      // Backward through time: gVm, gIm, gRm = ∂L/∂v⁻, ∂L/∂I⁻, ∂L/∂r⁻ at edge n+1.
      let gVm = 0;
      let gIm = 0;
      let gRm = 0;
      for (let n = edges - 1; n >= 0; n--) {
        const gv = aM * gVm;
        const gI = kOne * gVm + aS * gIm;
        const gr = aR * gRm;
        for (const i of active[n]!) grad[i * outputs + j]! += gI;
        const s = trace.spikes[base + n]!;
        const x = trace.vBefore[base + n]! - hw.constants.vThMv - trace.rBefore[base + n]!;
        const surrogate = 1 / (1 + opt.surrogateBetaPerMv * Math.abs(x)) ** 2;
        const keep = hw.constants.reset === 'hard' && s ? 0 : 1;
        // r(n) = r⁻(n) + Δθ·s(n): a spike also raises the threshold for the spikes after it.
        const gs = dLds[n]! + (adaptation ? gr * hw.constants.deltaThetaMv : 0);
        gVm = gv * keep + gs * surrogate;
        gRm = gr - gs * surrogate;
        gIm = gI;
      }
    }
    adamStep(w, grad, m1, m2, epoch + 1, opt.learningRateMv);
    for (let k = 0; k < w.length; k++) w[k] = Math.max(-maxW, Math.min(maxW, w[k]!));
  }
  return { weightsMv: best.w, distanceHistory: history, bestDistance: best.d, bestEpoch: best.epoch };
}

/** One Adam update (β₁ 0.9, β₂ 0.999) of `w` down the gradient. */
function adamStep(w: Float64Array, g: Float64Array, m1: Float64Array, m2: Float64Array, t: number, lr: number): void {
  const b1 = 0.9;
  const b2 = 0.999;
  const c1 = 1 - b1 ** t;
  const c2 = 1 - b2 ** t;
  for (let k = 0; k < w.length; k++) {
    m1[k] = b1 * m1[k]! + (1 - b1) * g[k]!;
    m2[k] = b2 * m2[k]! + (1 - b2) * g[k]! * g[k]!;
    w[k]! -= (lr * (m1[k]! / c1)) / (Math.sqrt(m2[k]! / c2) + 1e-8);
  }
}
