import type { LayerWeights } from '../layers/weights.js';
import { biasOf } from './folding.js';
import type { NodeContext } from './graph.js';

/** Gemm (A activation [N, K], B constant) → an fc layer with rows 1; alpha scales the weights, beta the bias C. */
export function convertGemm(ctx: NodeContext): void {
  const x = ctx.activation(0, 2);
  const b = ctx.requiredConstant(1, 'weights B');
  if (ctx.attrs.int('transA', 0) !== 0) ctx.fail('transA 1 is not supported: the activation must be A, not transposed');
  if (b.dims.length !== 2) ctx.fail(`weights B have shape [${b.dims.join(', ')}]; expected 2 dimensions`);
  const transB = ctx.attrs.int('transB', 0) !== 0;
  const [inF, outF] = transB ? [b.dims[1]!, b.dims[0]!] : [b.dims[0]!, b.dims[1]!];
  if (x.shape[1] !== inF)
    ctx.fail(
      `shape mismatch: the input has ${x.shape[1]} features but the weights [${b.dims.join(', ')}] expect ${inF}`,
    );
  const alpha = ctx.attrs.float('alpha', 1);
  const bias = biasOf(ctx, ctx.constant(2), outF, ctx.attrs.float('beta', 1));
  let weights: LayerWeights | undefined;
  if (b.values) {
    const values = new Float32Array(inF * outF);
    for (let i = 0; i < inF; i++)
      for (let j = 0; j < outF; j++) values[i * outF + j] = alpha * b.values[transB ? j * inF + i : i * outF + j]!;
    weights = { rows: inF, cols: outF, values, ...(bias ? { bias } : {}) };
  }
  const index = ctx.addLayer(
    { kind: 'fc', name: ctx.name, inFeatures: inF, outFeatures: outF, rows: 1, activation: 'none', loc: ctx.at },
    weights,
  );
  ctx.output({ shape: [x.shape[0]!, outF], producer: index });
}

/**
 * MatMul → an fc layer when B is a constant [K, N] (rows: the product of A's
 * dims between the batch and the last), a matmul layer when both are
 * activations [batch, M, K] · [batch, K, N].
 */
export function convertMatMul(ctx: NodeContext): void {
  const x = ctx.activation(0);
  if (x.shape.length < 2) ctx.fail(`input 0 has shape [${x.shape.join(', ')}]; MatMul needs a batch and a feature dim`);
  if (ctx.isActivation(1)) return activationProduct(ctx);
  const b = ctx.requiredConstant(1, 'weights B');
  if (b.dims.length !== 2)
    ctx.fail(`weights B have shape [${b.dims.join(', ')}]; Helen reads MatMul weights of 2 dimensions [K, N]`);
  const [inF, outF] = [b.dims[0]!, b.dims[1]!];
  const k = x.shape[x.shape.length - 1]!;
  if (k !== inF)
    ctx.fail(`shape mismatch: the input has ${k} features but the weights [${b.dims.join(', ')}] expect ${inF}`);
  const rows = x.shape.slice(1, -1).reduce((p, d) => p * d, 1);
  const weights: LayerWeights | undefined = b.values && { rows: inF, cols: outF, values: Float32Array.from(b.values) };
  const index = ctx.addLayer(
    { kind: 'fc', name: ctx.name, inFeatures: inF, outFeatures: outF, rows, activation: 'none', loc: ctx.at },
    weights,
  );
  ctx.output({ shape: [...x.shape.slice(0, -1), outF], producer: index });
}

function activationProduct(ctx: NodeContext): void {
  const [a, b] = [ctx.activation(0), ctx.activation(1)];
  if (a.shape.length !== 3 || b.shape.length !== 3)
    ctx.fail(
      `MatMul of two activations takes [batch, M, K] · [batch, K, N]; got [${a.shape.join(', ')}] · [${b.shape.join(', ')}] (a matmul layer is one product per input: fold heads into the batch or skip the node)`,
    );
  const [, m, k] = a.shape as [number, number, number];
  const [, k2, n] = b.shape as [number, number, number];
  if (k !== k2) ctx.fail(`shape mismatch: [${a.shape.join(', ')}] · [${b.shape.join(', ')}] (K ${k} ≠ ${k2})`);
  const index = ctx.addLayer({ kind: 'matmul', name: ctx.name, M: m, N: n, K: k, loc: ctx.at });
  ctx.output({ shape: [a.shape[0]!, m, n], producer: index });
}
