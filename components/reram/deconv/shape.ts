import { HelenError, type SourceLocation } from '../../../core/index.js';

/** A transposed convolution (PyTorch ConvTranspose2d semantics, square kernel, groups 1, dilation 1). */
export interface DeconvShape {
  /** Input height, width and channels. */
  inH: number;
  inW: number;
  inC: number;
  /** Output channels. */
  outC: number;
  /** Kernel size K (K×K). */
  kernel: number;
  /** Stride s: outputs per input step. */
  stride: number;
  /** Implicit padding p removed from each side of the full output. */
  padding: number;
  /** Extra rows/columns added at the bottom/right of the output (0 ≤ output_padding < stride). */
  outputPadding: number;
}

/** Output size of a transposed convolution along one axis: (I−1)·s − 2p + K + output_padding. */
export function deconvOutputSize(inSize: number, kernel: number, stride: number, padding: number, outputPadding: number): number {
  return (inSize - 1) * stride - 2 * padding + kernel + outputPadding;
}

/** Output height and width of a shape. */
export function deconvOutput(s: DeconvShape): { outH: number; outW: number } {
  return {
    outH: deconvOutputSize(s.inH, s.kernel, s.stride, s.padding, s.outputPadding),
    outW: deconvOutputSize(s.inW, s.kernel, s.stride, s.padding, s.outputPadding),
  };
}

/**
 * Rejects shapes the mappings cannot lower, naming the key at fault. padding
 * must stay below K because the zero-insertion lowering pads the inflated input
 * by K−1−p (PyTorch accepts larger padding as a crop; no benchmark uses it).
 */
export function checkDeconvShape(s: DeconvShape, where: (key: string) => SourceLocation | undefined = () => undefined): void {
  const fail = (key: string, msg: string): never => {
    throw new HelenError('E_WORKLOAD', msg, where(key));
  };
  for (const [key, v, min] of [['input', s.inH, 1], ['input', s.inW, 1], ['input', s.inC, 1], ['out_channels', s.outC, 1], ['kernel', s.kernel, 1], ['stride', s.stride, 1], ['padding', s.padding, 0], ['output_padding', s.outputPadding, 0]] as const) {
    if (!Number.isSafeInteger(v) || v < min) fail(key, `"${key}" must be a whole number ≥ ${min}, got ${v}`);
  }
  if (s.padding > s.kernel - 1) fail('padding', `"padding" must be at most kernel − 1 = ${s.kernel - 1} for a deconv layer, got ${s.padding}`);
  if (s.outputPadding >= s.stride) fail('output_padding', `"output_padding" must be smaller than the stride (${s.stride}), got ${s.outputPadding}`);
  const { outH, outW } = deconvOutput(s);
  if (outH < 1 || outW < 1) fail('padding', `padding ${s.padding} leaves no output of a ${s.inH}×${s.inW} input with kernel ${s.kernel} and stride ${s.stride}`);
}

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
  return usefulPairs(s.inH, s.kernel, s.stride, s.padding, outH) * usefulPairs(s.inW, s.kernel, s.stride, s.padding, outW) * cc;
}
