import { HelenError, type SourceLocation } from '../../core/index.js';
import { deconvOutputSize } from './deconv-shape.js';
import { outputSize, type Layer } from './layer-list.js';
import type { NetLayer } from './network.js';

/** The GEMM a layer lowers to: `count` independent products C[M×N] = A[M×K]·B[K×N]. */
export interface LayerGemm {
  /** Rows of A and C: output pixels (conv), vectors (fc) or the matmul's M, over the batch where B is shared. */
  M: number;
  /** Columns of B and C: output channels or features. */
  N: number;
  /** The reduced dimension: the window K·K·C_in, the input features, or the matmul's K. */
  K: number;
  /** Independent instances: the batch for a matmul (its B is an activation, one per input), else 1. */
  count: number;
  /** Whether B is a stored weight matrix (conv, deconv, fc, matrix) rather than an activation (matmul). */
  weights: boolean;
}

/**
 * The GEMM of a layer, or undefined for layers without one (pool, add).
 * conv: im2col, M = output pixels × batch (floor output size, as the layer list defines it);
 * deconv: the zero-insertion equivalent, a stride-1 convolution of the inflated input, so M =
 * output pixels × batch and K = K·K·C_in (the inserted zeros are multiplied, as hardware running
 * that lowering would); fc: M = rows × batch; matmul: M×N×K once per input (count = batch).
 */
export function layerGemm(l: NetLayer, batch: number): LayerGemm | undefined {
  switch (l.kind) {
    case 'conv': {
      const pixels =
        outputSize(l.input[0], l.kernel, l.stride, l.padding) * outputSize(l.input[1], l.kernel, l.stride, l.padding);
      return gemm(pixels * batch, l.outChannels, l.kernel * l.kernel * l.input[2]);
    }
    case 'deconv': {
      const side = (i: number) => deconvOutputSize(i, l.kernel, l.stride, l.padding, l.outputPadding);
      return gemm(side(l.input[0]) * side(l.input[1]) * batch, l.outChannels, l.kernel * l.kernel * l.input[2]);
    }
    case 'fc':
      return gemm(l.rows * batch, l.outFeatures, l.inFeatures);
    case 'matrix':
      return gemm(l.vectors * batch, l.cols, l.rows);
    case 'matmul':
      return { M: l.M, N: l.N, K: l.K, count: batch, weights: false };
    default:
      return undefined;
  }
}

function gemm(M: number, N: number, K: number): LayerGemm {
  return { M, N, K, count: 1, weights: true };
}

/** A layer's output for one input: [height, width, channels]; `spatial` false for fc/matmul rows, which have no 2-D layout. */
export interface LayerOutput {
  shape: [number, number, number];
  spatial: boolean;
}

/** The output of a layer-list layer for one input (fc: rows × out_features; matmul: M × N). */
export function layerOutput(l: Layer): LayerOutput {
  switch (l.kind) {
    case 'conv':
      return {
        shape: [
          outputSize(l.input[0], l.kernel, l.stride, l.padding),
          outputSize(l.input[1], l.kernel, l.stride, l.padding),
          l.outChannels,
        ],
        spatial: true,
      };
    case 'deconv': {
      const side = (i: number) => deconvOutputSize(i, l.kernel, l.stride, l.padding, l.outputPadding);
      return { shape: [side(l.input[0]), side(l.input[1]), l.outChannels], spatial: true };
    }
    case 'pool':
      return {
        shape: [
          outputSize(l.input[0], l.kernel, l.stride, 0),
          outputSize(l.input[1], l.kernel, l.stride, 0),
          l.input[2],
        ],
        spatial: true,
      };
    case 'add':
      return { shape: l.input, spatial: true };
    case 'fc':
      return { shape: [l.rows, 1, l.outFeatures], spatial: false };
    case 'matmul':
      return { shape: [l.M, 1, l.N], spatial: false };
  }
}

/**
 * Whether an add of `input` can take `out` as an operand: the same channels and,
 * for a spatial output, the same height and width; rows of an fc or matmul have
 * no 2-D layout, so only their count (height × width) must agree.
 */
export function outputFits(out: LayerOutput, input: readonly [number, number, number]): boolean {
  const [h, w, c] = out.shape;
  if (c !== input[2]) return false;
  return out.spatial ? h === input[0] && w === input[1] : h * w === input[0] * input[1];
}

/**
 * Refuses an add whose operands do not have its shape: its input (the previous
 * layer's output) and the output of its `from` layer. `at(i, key)` locates key
 * `key` of layer `i`.
 */
export function checkAddOperands(layers: readonly Layer[], at: (i: number, key: string) => SourceLocation): void {
  const index = new Map(layers.map((l, i) => [l.name, i]));
  layers.forEach((l, i) => {
    if (l.kind !== 'add') return;
    const show = (s: readonly number[]) => s.join('×');
    const operands: [string, number][] = [
      ['from', index.get(l.from)!],
      ['input', i - 1],
    ];
    for (const [key, j] of operands) {
      if (j < 0) continue;
      const out = layerOutput(layers[j]!);
      if (!outputFits(out, l.input))
        throw new HelenError(
          'E_WORKLOAD',
          `add ${l.name}: layer ${layers[j]!.name} outputs ${show(out.shape)} but the add's input is ${show(l.input)}; both operands of an add must have its shape`,
          at(i, key),
        );
    }
  });
}
