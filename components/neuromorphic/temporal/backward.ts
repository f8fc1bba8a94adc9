import { LifDynamics, type LifConstants } from '../lif-dynamics.js';
import type { LayerTrace } from './discrete-layer.js';

/** The per-edge factors and surrogate the backward pass through one LIF neuron needs. */
export interface BackwardModel {
  /** e^(−dt/τs), e^(−dt/τm), the one-edge kernel K and e^(−dt/τr). */
  aS: number;
  aM: number;
  kOne: number;
  aR: number;
  vThMv: number;
  deltaThetaMv: number;
  hardReset: boolean;
  /** Surrogate sharpness β, per mV: ∂s/∂v ≈ 1/(1 + β·|v − θ|)². */
  surrogateBetaPerMv: number;
  /** Differentiate a spike's effect on the threshold (r += Δθ·s). */
  throughAdaptation: boolean;
}

/** The backward model of neurons with these constants. */
export function backwardModel(c: LifConstants, surrogateBetaPerMv: number, throughAdaptation: boolean): BackwardModel {
  const dyn = new LifDynamics(c);
  return {
    aS: dyn.synDecay(1),
    aM: dyn.memDecay(1),
    kOne: dyn.kernel(1),
    aR: dyn.adaptDecay(1),
    vThMv: c.vThMv,
    deltaThetaMv: c.deltaThetaMv,
    hardReset: c.reset === 'hard',
    surrogateBetaPerMv,
    throughAdaptation,
  };
}

/**
 * Backpropagation through time for neuron j of a recorded forward pass, with
 * SuperSpike's fast-sigmoid surrogate: given ∂L/∂s(n) for each edge (`dLds`),
 * writes to `dLdInput[n]` the derivative of the loss in the input added at
 * edge n (so a weight's gradient is the sum of it over the edges its channel
 * delivered a spike). A spike's reset of the membrane is detached, as is
 * usual; its raising of the threshold is differentiated when the model says so.
 * The rest is exact for I⁻(n+1) = a_s·I(n), v⁻(n+1) = a_m·v(n) + K·I(n), r⁻(n+1) = a_r·r(n).
 */
export function backpropNeuron(
  trace: LayerTrace,
  j: number,
  edges: number,
  dLds: Float64Array,
  m: BackwardModel,
  dLdInput: Float64Array,
): void {
  const base = j * edges;
  // gVm, gIm, gRm = ∂L/∂v⁻, ∂L/∂I⁻, ∂L/∂r⁻ at edge n+1.
  let gVm = 0;
  let gIm = 0;
  let gRm = 0;
  for (let n = edges - 1; n >= 0; n--) {
    const gv = m.aM * gVm;
    const gI = m.kOne * gVm + m.aS * gIm;
    const gr = m.aR * gRm;
    dLdInput[n] = gI;
    const s = trace.spikes[base + n]!;
    const x = trace.vBefore[base + n]! - m.vThMv - trace.rBefore[base + n]!;
    const surrogate = 1 / (1 + m.surrogateBetaPerMv * Math.abs(x)) ** 2;
    const keep = m.hardReset && s ? 0 : 1;
    // r(n) = r⁻(n) + Δθ·s(n): a spike also raises the threshold for the spikes after it.
    const gs = dLds[n]! + (m.throughAdaptation ? gr * m.deltaThetaMv : 0);
    gVm = gv * keep + gs * surrogate;
    gRm = gr - gs * surrogate;
    gIm = gI;
  }
}

/** Adds neuron j's weight gradients: for each edge n, dLdInput[n] to every channel active at n (row-major inputs × outputs). */
export function accumulateWeightGradient(
  active: readonly (readonly number[])[],
  dLdInput: Float64Array,
  j: number,
  outputs: number,
  grad: Float64Array,
): void {
  for (let n = 0; n < active.length; n++) {
    const g = dLdInput[n]!;
    if (g === 0) continue;
    for (const i of active[n]!) grad[i * outputs + j]! += g;
  }
}

/** One Adam update (β₁ 0.9, β₂ 0.999) of `w` down the gradient, at step t ≥ 1. */
export function adamStep(
  w: Float64Array,
  g: Float64Array,
  m1: Float64Array,
  m2: Float64Array,
  t: number,
  lr: number,
): void {
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
