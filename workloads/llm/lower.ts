import type { TransformerShape } from './hf-config.js';

/** Where an operand lives (the engine's contract): weights and the KV cache in HBM, activations on chip when they fit. */
export type TensorKind = 'act' | 'weight' | 'kv';

/** One GEMM of a lowered step: `count` independent C[M×N] = A[M×K]·B[K×N]. */
export interface LlmGemm {
  kind: 'gemm';
  /** Operation name (`q_proj`, `qk`, `ffn_down`, …), used by the roofline table. */
  label: string;
  M: number;
  N: number;
  K: number;
  /** Independent instances (batch × KV heads for attention). */
  count: number;
  a: TensorKind;
  b: TensorKind;
  c: TensorKind;
}

/** Element-wise work on the vector unit: `count` instances of `elements` elements, `opsPerElement` each. */
export interface LlmVector {
  kind: 'vector';
  label: string;
  /** Elements of one instance (one tensor, or one head's scores). */
  elements: number;
  opsPerElement: number;
  count: number;
}

/** One lowered operation. */
export type LlmOp = LlmGemm | LlmVector;

/** A forward pass over `tokens` new tokens per sequence, attending to `context` positions (including the new ones). */
export interface StepShape {
  /** `prefill` (the prompt) or `decode` (one token with the KV cache). */
  stage: 'prefill' | 'decode';
  /** New tokens per sequence: the prompt length in prefill, 1 in decode. */
  tokens: number;
  /** Positions attended to: the prompt in prefill, cache + 1 in decode. */
  context: number;
  /** Sequences processed together. */
  batch: number;
  /**
   * Positions each sequence attends to, when they differ (continuous batching
   * mixes requests at different points of their generation); `context` for
   * every sequence when absent. Length `batch`.
   */
  contexts?: readonly number[];
}

/** Sequences of a step grouped by context, ascending: [context, sequences]. */
export function contextGroups(step: StepShape): [number, number][] {
  if (!step.contexts) return [[step.context, step.batch]];
  const n = new Map<number, number>();
  for (const c of step.contexts) n.set(c, (n.get(c) ?? 0) + 1);
  return [...n].sort((a, b) => a[0] - b[0]);
}

/**
 * Element operations per element on the vector unit. Estimates, stated so
 * they can be challenged: RMSNorm squares, sums, scales and multiplies by the
 * gain (4); LayerNorm also centres and adds a bias (6); softmax takes a max,
 * subtracts, exponentiates, sums and divides (5); RoPE rotates pairs (3);
 * SiLU(gate)·up ≈ exp, add, divide, multiply, multiply (5); GELU (tanh form) ≈ 8; a residual add is 1.
 */
export const VECTOR_OPS = { rmsnorm: 4, layernorm: 6, softmax: 5, rope: 3, silu_mul: 5, gelu: 8, residual: 1 } as const;

const g = (
  label: string,
  M: number,
  N: number,
  K: number,
  a: TensorKind,
  b: TensorKind,
  c: TensorKind,
  count = 1,
): LlmGemm => ({ kind: 'gemm', label, M, N, K, count, a, b, c });
const v = (label: string, elements: number, opsPerElement: number, count = 1): LlmVector => ({
  kind: 'vector',
  label,
  elements,
  opsPerElement,
  count,
});

/**
 * The operations of one decoder layer, in execution order. Projections run on
 * all batch × tokens rows; attention runs per (sequence, KV head), with the
 * query heads sharing that KV head stacked as rows (grouped-query attention:
 * M = heads per KV head × tokens). New K and V rows are written to the KV
 * cache in HBM; decode reads the whole cache back, prefill attends to the K
 * and V it just computed on chip. Prefill computes the full L×L scores (no
 * causal skipping), as a dense array would. Sequences at different contexts
 * (`contexts`) get one QKᵀ/softmax/A·V triple per distinct context.
 */
export function lowerLayer(s: TransformerShape, step: StepShape): LlmOp[] {
  const { hiddenSize: d, numHeads: h, numKvHeads: kv, headDim: hd, intermediateSize: ff } = s;
  const T = step.batch * step.tokens;
  const group = h / kv;
  const cache: TensorKind = step.stage === 'decode' ? 'kv' : 'act';
  const norm = s.family === 'llama' ? VECTOR_OPS.rmsnorm : VECTOR_OPS.layernorm;
  const ops: LlmOp[] = [
    v('attn_norm', T * d, norm),
    g('q_proj', T, h * hd, d, 'act', 'weight', 'act'),
    g('k_proj', T, kv * hd, d, 'act', 'weight', 'kv'),
    g('v_proj', T, kv * hd, d, 'act', 'weight', 'kv'),
  ];
  if (s.family === 'llama') ops.push(v('rope', T * (h + kv) * hd, VECTOR_OPS.rope));
  for (const [context, seqs] of contextGroups(step)) {
    ops.push(
      g('qk', group * step.tokens, context, hd, 'act', cache, 'act', seqs * kv),
      v('softmax', group * step.tokens * context, VECTOR_OPS.softmax, seqs * kv),
      g('av', group * step.tokens, hd, context, 'act', cache, 'act', seqs * kv),
    );
  }
  ops.push(
    g('o_proj', T, d, h * hd, 'act', 'weight', 'act'),
    v('attn_residual', T * d, VECTOR_OPS.residual),
    v('ffn_norm', T * d, norm),
  );
  if (s.family === 'llama') {
    ops.push(
      g('ffn_gate', T, ff, d, 'act', 'weight', 'act'),
      g('ffn_up', T, ff, d, 'act', 'weight', 'act'),
      v('silu_mul', T * ff, VECTOR_OPS.silu_mul),
    );
  } else {
    ops.push(g('ffn_up', T, ff, d, 'act', 'weight', 'act'), v('gelu', T * ff, VECTOR_OPS.gelu));
  }
  ops.push(g('ffn_down', T, d, ff, 'act', 'weight', 'act'), v('ffn_residual', T * d, VECTOR_OPS.residual));
  return ops;
}

/** After the last layer: the final norm and the LM head, for the last position of each sequence only (it picks the next token). */
export function lowerHead(s: TransformerShape, step: StepShape): LlmOp[] {
  const norm = s.family === 'llama' ? VECTOR_OPS.rmsnorm : VECTOR_OPS.layernorm;
  return [
    v('final_norm', step.batch * s.hiddenSize, norm),
    g('lm_head', step.batch, s.vocabSize, s.hiddenSize, 'act', 'weight', 'act'),
  ];
}

/** FLOPs of GEMMs: 2 per multiply-accumulate. */
export function gemmFlops(ops: readonly LlmOp[]): number {
  let f = 0;
  for (const o of ops) if (o.kind === 'gemm') f += 2 * o.M * o.N * o.K * o.count;
  return f;
}

/** Bytes of KV cache for `context` positions of `batch` sequences: K and V, every layer and KV head. */
export function kvCacheBytes(s: TransformerShape, context: number, batch: number, elementBytes: number): number {
  return 2 * s.numLayers * s.numKvHeads * s.headDim * context * batch * elementBytes;
}

/** Weights the GEMMs read (every layer's projections and MLP, and the LM head), in elements. */
export function gemmWeightElements(s: TransformerShape): number {
  const { hiddenSize: d, numHeads: h, numKvHeads: kv, headDim: hd, intermediateSize: ff } = s;
  const attn = d * h * hd + 2 * d * kv * hd + h * hd * d;
  const mlp = (s.family === 'llama' ? 3 : 2) * d * ff;
  return s.numLayers * (attn + mlp) + d * s.vocabSize;
}
