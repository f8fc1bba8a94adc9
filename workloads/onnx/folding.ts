import type { Activation, Layer } from '../layers/layer-list.js';
import { outputsOf } from './batch-norm.js';
import { hwc } from './layout.js';
import type { NodeContext } from './graph.js';
import { elements, type ConstantTensor } from './tensors.js';

/**
 * A bias constant with one value per output (`outputs`), or one value for all;
 * any other size (a broadcast Helen does not fold) is an error at the node.
 */
export function biasOf(
  ctx: NodeContext,
  c: ConstantTensor | undefined,
  outputs: number,
  scale = 1,
): Float32Array | undefined {
  if (!c) return undefined;
  const n = elements(c.dims);
  const spread = c.dims.filter((d) => d !== 1).length;
  if ((n !== outputs && n !== 1) || spread > 1)
    ctx.fail(`bias of shape [${c.dims.join(', ')}] does not give one value per output (${outputs})`);
  if (!c.values) return undefined;
  return Float32Array.from({ length: outputs }, (_, j) => c.values![n === 1 ? 0 : j]! * scale);
}

/** Layers whose outputs can take a folded bias: the ones with weights. */
const WEIGHTED = new Set<Layer['kind']>(['conv', 'deconv', 'fc']);

/**
 * Add → an add layer (two activations: `from` is the producer of the operand
 * that is not this layer's input, the one the latest layer made), or a bias
 * folded into the layer that made the activation operand (one constant).
 */
export function convertAdd(ctx: NodeContext): void {
  const [a, b] = [ctx.isActivation(0), ctx.isActivation(1)];
  if (a && b) return addLayer(ctx);
  if (!a && !b) {
    ctx.constant(0);
    ctx.constant(1);
    ctx.fail('both operands are constants; Helen does not fold constant arithmetic');
  }
  const k = a ? 0 : 1;
  const x = ctx.activation(k);
  const c = ctx.requiredConstant(1 - k, 'bias');
  const producer = x.producer === undefined ? undefined : ctx.layer(x.producer);
  if (!producer || !WEIGHTED.has(producer.kind) || !ctx.soleUse(k) || activationOf(producer) !== 'none')
    ctx.fail(
      'adding a constant is read as a bias of the Conv/ConvTranspose/Gemm/MatMul that makes the other operand (used by this Add only, before any activation); this operand is not such an output',
    );
  const outputs = outputsOf(producer);
  const bias = biasOf(ctx, c, outputs);
  const w = ctx.weightsOf(x.producer!);
  if (bias && w) w.bias = w.bias ? w.bias.map((v, j) => v + bias[j]!) : bias;
  ctx.output(x);
}

function addLayer(ctx: NodeContext): void {
  const [x0, x1] = [ctx.activation(0), ctx.activation(1)];
  if (x0.shape.join() !== x1.shape.join())
    ctx.fail(
      `shape mismatch: [${x0.shape.join(', ')}] + [${x1.shape.join(', ')}]; an add layer takes two operands of one shape`,
    );
  if (x0.producer === undefined || x1.producer === undefined)
    ctx.fail(
      `operand ${x0.producer === undefined ? 0 : 1} "${ctx.inputName(x0.producer === undefined ? 0 : 1)}" is a graph input; an add layer adds the outputs of two layers`,
    );
  const input = x0.producer >= x1.producer ? x0 : x1;
  const other = input === x0 ? x1 : x0;
  const index = ctx.addLayer({
    kind: 'add',
    name: ctx.name,
    input: hwc(input.shape),
    from: ctx.layer(other.producer!).name,
    activation: 'none',
    loc: ctx.at,
  });
  ctx.output({ shape: input.shape, producer: index });
}

function activationOf(l: Layer): Activation | undefined {
  return 'activation' in l ? l.activation : undefined;
}

/** Relu / Sigmoid → the activation of the layer that made the input (which must have none yet and feed only this node). */
export function convertActivation(kind: Activation): (ctx: NodeContext) => void {
  return (ctx) => {
    const x = ctx.activation(0);
    const producer = x.producer === undefined ? undefined : ctx.layer(x.producer);
    // ReLU of values already non-negative (a max pool of ReLU outputs) changes nothing.
    if (kind === 'relu' && x.nonNegative) return ctx.output(x);
    if (!producer || activationOf(producer) !== 'none' || !ctx.soleUse(0))
      ctx.fail(
        `${ctx.opType} is folded into the layer that makes its input (a conv, deconv, fc or add without an activation, whose output feeds this node only); "${ctx.inputName(0)}" is not such an output`,
      );
    (producer as { activation: Activation }).activation = kind;
    ctx.output({ ...x, nonNegative: kind === 'relu' });
  };
}
