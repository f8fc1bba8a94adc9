import type { NodeContext } from './graph.js';
import { elements, readTensor } from './tensors.js';

/** Identity, Dropout (inference): the input passes through; no layer. */
export function passThrough(ctx: NodeContext): void {
  ctx.output(ctx.activation(0));
}

/** Flatten(axis ≥ 1): [d0 … d(axis−1), product of the rest]; the batch stays dim 0. */
export function convertFlatten(ctx: NodeContext): void {
  const x = ctx.activation(0);
  const axis = ctx.attrs.int('axis', 1);
  const r = x.shape.length;
  const at = axis < 0 ? axis + r : axis;
  if (at < 1 || at > r)
    ctx.fail(`axis ${axis} would move the batch (dim 0) of a rank-${r} tensor; Helen takes axis ≥ 1`);
  ctx.output({
    ...x,
    shape: [elements(x.shape.slice(0, at)), elements(x.shape.slice(at))],
  });
}

/** Reshape with a constant target shape (0 copies a dim, −1 is inferred); the batch must stay dim 0. */
export function convertReshape(ctx: NodeContext): void {
  const x = ctx.activation(0);
  const target = ctx.requiredConstant(1, 'shape');
  if (!target.values) ctx.fail('the target shape has no data');
  const spec = Array.from(target.values);
  const allowZero = ctx.attrs.int('allowzero', 0) !== 0;
  const shape = spec.map((d, j) => (d === 0 && !allowZero ? (x.shape[j] ?? 0) : d));
  const known = shape.filter((d) => d !== -1);
  const total = elements(x.shape);
  const inferred = shape.filter((d) => d === -1).length;
  if (inferred > 1 || known.some((d) => !Number.isInteger(d) || (d < 1 && !(allowZero && d === 0))))
    ctx.fail(`target shape [${spec.join(', ')}] is not a valid shape`);
  const rest = elements(known);
  const out = shape.map((d) => (d === -1 ? total / rest : d));
  if (elements(out) !== total || out.some((d) => !Number.isInteger(d)))
    ctx.fail(`shape mismatch: [${x.shape.join(', ')}] (${total} values) cannot be reshaped to [${spec.join(', ')}]`);
  if (out[0] !== x.shape[0])
    ctx.fail(
      `the reshape to [${out.join(', ')}] changes the batch (dim 0 = ${x.shape[0]}); Helen keeps dim 0 as the batch`,
    );
  ctx.output({ ...x, shape: out });
}

/** Constant: its `value` tensor (or value_float/value_int/value_ints) becomes a constant others may read. */
export function convertConstant(ctx: NodeContext): void {
  const t = ctx.attrs.tensor('value');
  if (t) return ctx.outputConstant(readTensor(t, ctx.at));
  if (ctx.attrs.has('value_ints')) {
    const v = ctx.attrs.ints('value_ints', [])!;
    return ctx.outputConstant({ dims: [v.length], values: Float32Array.from(v) });
  }
  if (ctx.attrs.has('value_int'))
    return ctx.outputConstant({ dims: [], values: Float32Array.of(ctx.attrs.int('value_int', 0)) });
  if (ctx.attrs.has('value_float'))
    return ctx.outputConstant({ dims: [], values: Float32Array.of(ctx.attrs.float('value_float', 0)) });
  ctx.fail('a Constant needs a "value" tensor (or value_float, value_int, value_ints)');
}
