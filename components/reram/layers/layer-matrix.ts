import { layerGemm } from '../../../workloads/layers/layer-gemm.js';
import { outputSize } from '../../../workloads/layers/layer-list.js';
import type { NetLayer } from '../../../workloads/layers/network.js';
import type { MatrixLayer } from '../mapping.js';

/** The weight matrix of a conv, fc or matrix layer (the GEMM it lowers to); other kinds have none here or are refused by the driver. */
export function layerMatrix(l: NetLayer, batch: number): MatrixLayer | undefined {
  if (l.kind !== 'conv' && l.kind !== 'fc' && l.kind !== 'matrix') return undefined;
  const g = layerGemm(l, batch)!;
  return { name: l.name, rows: g.K, cols: g.N, vectors: g.M };
}

/**
 * The fraction of the previous layer's outputs (in its row-major order over the
 * batch's images) that must exist before the first `fraction` of this layer's
 * vectors can be computed. A convolution or pooling window needs the input rows
 * its last output row reaches; a fully-connected or matrix layer needs its
 * whole image.
 */
export function neededFraction(l: NetLayer, fraction: number, batch: number): number {
  // An element-wise add needs the same share of its operands, produced in the same pixel order.
  if (l.kind === 'add') return fraction;
  const m = layerMatrix(l, batch);
  const total = m ? m.vectors : poolVectors(l, batch);
  const last = Math.max(0, Math.ceil(fraction * total - 1e-9) - 1);
  if (l.kind === 'conv' || l.kind === 'pool') {
    const padding = l.kind === 'conv' ? l.padding : 0;
    const [h, w] = [
      outputSize(l.input[0], l.kernel, l.stride, padding),
      outputSize(l.input[1], l.kernel, l.stride, padding),
    ];
    const image = Math.floor(last / (h * w));
    const row = Math.floor((last % (h * w)) / w);
    const inRow = Math.min(l.input[0] - 1, row * l.stride - padding + l.kernel - 1);
    return Math.min(1, (image * l.input[0] + inRow + 1) / (batch * l.input[0]));
  }
  const perImage = total / batch;
  return Math.min(1, (Math.floor(last / perImage) + 1) / batch);
}

/** Output pixels of a pooling or add layer over the batch (its "vectors", each one value per channel). */
export function poolVectors(l: NetLayer, batch: number): number {
  if (l.kind === 'add') return l.input[0] * l.input[1] * batch;
  if (l.kind !== 'pool') return 0;
  return outputSize(l.input[0], l.kernel, l.stride, 0) * outputSize(l.input[1], l.kernel, l.stride, 0) * batch;
}
