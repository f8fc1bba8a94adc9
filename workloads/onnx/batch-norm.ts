import type { Layer } from '../layers/layer-list.js';
import type { NodeContext } from './graph.js';
import { elements } from './tensors.js';

/**
 * BatchNormalization (inference) → folded into the conv, deconv or fc layer
 * that makes its input: each output channel's weights scaled by
 * γ/√(σ² + ε) and its bias moved to (b − μ)·γ/√(σ² + ε) + β. The layer must
 * have no activation yet and feed this node only; the shape is unchanged.
 */
export function convertBatchNorm(ctx: NodeContext): void {
  const x = ctx.activation(0);
  const producer = x.producer === undefined ? undefined : ctx.layer(x.producer);
  const outputs = producer ? outputsOf(producer) : 0;
  if (!producer || outputs === 0 || !('activation' in producer) || producer.activation !== 'none' || !ctx.soleUse(0))
    ctx.fail(
      'BatchNormalization is folded into the conv, deconv or fc layer that makes its input (without an activation yet, feeding this node only); this input is not such an output',
    );
  const [scale, shift, mean, variance] = [1, 2, 3, 4].map((k) => ctx.requiredConstant(k, 'statistics'));
  for (const c of [scale, shift, mean, variance])
    if (elements(c!.dims) !== outputs)
      ctx.fail(`statistics of shape [${c!.dims.join(', ')}] do not give one value per output channel (${outputs})`);
  const epsilon = ctx.attrs.float('epsilon', 1e-5);
  const w = ctx.weightsOf(x.producer!);
  if (w && scale!.values && shift!.values && mean!.values && variance!.values) {
    const factor = Float32Array.from(scale!.values, (g, j) => g / Math.sqrt(variance!.values![j]! + epsilon));
    for (let i = 0; i < w.rows; i++) for (let j = 0; j < w.cols; j++) w.values[i * w.cols + j]! *= factor[j]!;
    w.bias = Float32Array.from(factor, (f, j) => ((w.bias?.[j] ?? 0) - mean!.values![j]!) * f + shift!.values![j]!);
  }
  ctx.output(x);
}

/** Output channels or features of a layer with weights (0 for others). */
export function outputsOf(l: Layer): number {
  return l.kind === 'fc' ? l.outFeatures : l.kind === 'conv' || l.kind === 'deconv' ? l.outChannels : 0;
}
