import { HelenError, type SourceLocation } from '../../core/index.js';

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
export function deconvOutputSize(
  inSize: number,
  kernel: number,
  stride: number,
  padding: number,
  outputPadding: number,
): number {
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
export function checkDeconvShape(
  s: DeconvShape,
  where: (key: string) => SourceLocation | undefined = () => undefined,
): void {
  const fail = (key: string, msg: string): never => {
    throw new HelenError('E_WORKLOAD', msg, where(key));
  };
  for (const [key, v, min] of [
    ['input', s.inH, 1],
    ['input', s.inW, 1],
    ['input', s.inC, 1],
    ['out_channels', s.outC, 1],
    ['kernel', s.kernel, 1],
    ['stride', s.stride, 1],
    ['padding', s.padding, 0],
    ['output_padding', s.outputPadding, 0],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < min) fail(key, `"${key}" must be a whole number ≥ ${min}, got ${v}`);
  }
  if (s.padding > s.kernel - 1)
    fail('padding', `"padding" must be at most kernel − 1 = ${s.kernel - 1} for a deconv layer, got ${s.padding}`);
  if (s.outputPadding >= s.stride)
    fail('output_padding', `"output_padding" must be smaller than the stride (${s.stride}), got ${s.outputPadding}`);
  const { outH, outW } = deconvOutput(s);
  if (outH < 1 || outW < 1)
    fail(
      'padding',
      `padding ${s.padding} leaves no output of a ${s.inH}×${s.inW} input with kernel ${s.kernel} and stride ${s.stride}`,
    );
}
