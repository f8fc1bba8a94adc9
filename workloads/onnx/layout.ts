/**
 * An ONNX activation shape (dim 0 the batch) as a layer list's
 * [height, width, channels]: [N, C, H, W] → [H, W, C]; [N, T, F] → [1, T, F];
 * [N, F] → [1, 1, F].
 */
export function hwc(shape: readonly number[]): [number, number, number] {
  if (shape.length === 4) return [shape[2]!, shape[3]!, shape[1]!];
  if (shape.length === 3) return [1, shape[1]!, shape[2]!];
  return [1, 1, shape.slice(1).reduce((a, b) => a * b, 1)];
}

/** The ONNX activation shape of a layer list's [height, width, channels] (the inverse of `hwc`). */
export function nchw(batch: number, [h, w, c]: readonly [number, number, number]): number[] {
  if (h === 1 && w === 1) return [batch, c];
  if (h === 1) return [batch, w, c];
  return [batch, c, h, w];
}

/**
 * Visits every entry of a kernel tensor of `dims` [A, B, K, K] with its index
 * there and in the layer's weight matrix (row (kh·K + kw)·inChannels + c,
 * column o, see LayerWeights); `inFirst`: dim 0 is the input channel
 * (ConvTranspose), else the output channel (Conv).
 */
export function forEachKernelEntry(
  dims: readonly number[],
  inFirst: boolean,
  visit: (tensorIndex: number, matrixIndex: number) => void,
): void {
  const [d0, d1, k] = [dims[0]!, dims[1]!, dims[2]!];
  const [inC, outC] = inFirst ? [d0, d1] : [d1, d0];
  for (let a = 0; a < d0; a++)
    for (let b = 0; b < d1; b++)
      for (let kh = 0; kh < k; kh++)
        for (let kw = 0; kw < k; kw++) {
          const [c, o] = inFirst ? [a, b] : [b, a];
          visit(((a * d1 + b) * k + kh) * k + kw, ((kh * k + kw) * inC + c) * outC + o);
        }
}
