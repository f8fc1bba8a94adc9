import { deconvOutput, type DeconvShape } from '../../../workloads/layers/deconv-shape.js';

// The shape of a transposed convolution and its checks are hardware-neutral (the layer-list reader uses them); the lowering maths below is the family's.
export {
  checkDeconvShape,
  deconvOutput,
  deconvOutputSize,
  type DeconvShape,
} from '../../../workloads/layers/deconv-shape.js';

/** Taps k ≡ r (mod s), k < K, of output phase r along one axis: ceil((K − r)/s), 0 when r ≥ K. */
export function phaseTaps(kernel: number, stride: number, r: number): number {
  return r >= kernel ? 0 : Math.ceil((kernel - r) / stride);
}

/**
 * Output blocks of phase r along one axis: outputs o = s·q + r − p with
 * 0 ≤ o < O; returns the range [qLo, qHi] of block indices q (empty when qLo > qHi).
 * Output o reads input i = q − j through tap k = r + j·s.
 */
export function phaseBlocks(outSize: number, stride: number, padding: number, r: number): [number, number] {
  return [Math.ceil((padding - r) / stride), Math.floor((outSize - 1 + padding - r) / stride)];
}

/** Taps j of block q (phase with n taps) whose input q − j lies inside 0..inSize−1, as [jLo, jHi). */
export function activeTaps(q: number, taps: number, inSize: number): [number, number] {
  return [Math.max(0, q - inSize + 1), Math.min(taps, q + 1)];
}

/** Input/kernel pairs (i, k) along one axis whose output s·i + k − p lies inside the output: the useful products. */
export function usefulPairs(inSize: number, kernel: number, stride: number, padding: number, outSize: number): number {
  let n = 0;
  for (let k = 0; k < kernel; k++) {
    // 0 ≤ s·i + k − p < O  ⇔  i ∈ [ceil((p − k)/s), floor((O − 1 + p − k)/s)] ∩ [0, I−1].
    const lo = Math.max(0, Math.ceil((padding - k) / stride));
    const hi = Math.min(inSize - 1, Math.floor((outSize - 1 + padding - k) / stride));
    if (hi >= lo) n += hi - lo + 1;
  }
  return n;
}

/** The three ways of running a transposed convolution on crossbars. */
export type DeconvMapping = 'zero_insertion' | 'padding_free' | 'red';

/** Every mapping, in the order reports list them. */
export const DECONV_MAPPINGS: readonly DeconvMapping[] = ['zero_insertion', 'padding_free', 'red'];

/**
 * Multiply-accumulates each mapping performs on a crossbar (a driven row times a
 * weight column): zero insertion multiplies every K×K window of the inflated
 * input, zeros included; padding-free multiplies every input by every tap,
 * cropped outputs included; RED multiplies only the useful pairs.
 */
export function closedFormMacs(s: DeconvShape, mapping: DeconvMapping): number {
  const { outH, outW } = deconvOutput(s);
  const cc = s.inC * s.outC;
  if (mapping === 'zero_insertion') return outH * outW * s.kernel * s.kernel * cc;
  if (mapping === 'padding_free') return s.inH * s.inW * s.kernel * s.kernel * cc;
  return (
    usefulPairs(s.inH, s.kernel, s.stride, s.padding, outH) *
    usefulPairs(s.inW, s.kernel, s.stride, s.padding, outW) *
    cc
  );
}
