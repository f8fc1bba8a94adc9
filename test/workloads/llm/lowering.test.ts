import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  gemmFlops,
  gemmWeightElements,
  kvCacheBytes,
  lowerHead,
  lowerLayer,
  readHfConfig,
  type LlmGemm,
  type LlmOp,
} from '../../../workloads/llm/index.js';
import { errorOf } from '../../support/helen-error.js';

const LLAMA = readHfConfig('workloads/examples/llm-llama-2-7b.config.json');
const MISTRAL = readHfConfig('workloads/examples/llm-mistral-7b.config.json');
const GPT2 = readHfConfig('workloads/examples/llm-gpt2.config.json');

const gemms = (ops: LlmOp[]) =>
  Object.fromEntries(
    ops.filter((o): o is LlmGemm => o.kind === 'gemm').map((o) => [o.label, [o.count, o.M, o.N, o.K]]),
  );

describe('transformer lowering from Hugging Face config.json', () => {
  it('Llama-2-7B prefill of L tokens: per-layer GEMM shapes [count, M, N, K] are the published architecture (d 4096, 32 heads × 128, FFN 11008)', () => {
    const L = 2048;
    expect(gemms(lowerLayer(LLAMA, { stage: 'prefill', tokens: L, context: L, batch: 1 }))).toEqual({
      q_proj: [1, L, 4096, 4096],
      k_proj: [1, L, 4096, 4096],
      v_proj: [1, L, 4096, 4096],
      o_proj: [1, L, 4096, 4096],
      qk: [32, L, L, 128],
      av: [32, L, 128, L],
      ffn_gate: [1, L, 11008, 4096],
      ffn_up: [1, L, 11008, 4096],
      ffn_down: [1, L, 4096, 11008],
    });
    expect(gemms(lowerHead(LLAMA, { stage: 'prefill', tokens: L, context: L, batch: 1 }))).toEqual({
      lm_head: [1, 1, 32000, 4096],
    });
  });

  it('Llama-2-7B decode at context C: projections are 1×4096×4096 GEMVs and attention reads C cached positions per head', () => {
    const ops = lowerLayer(LLAMA, { stage: 'decode', tokens: 1, context: 3000, batch: 1 });
    expect(gemms(ops)).toMatchObject({
      q_proj: [1, 1, 4096, 4096],
      qk: [32, 1, 3000, 128],
      av: [32, 1, 128, 3000],
      ffn_down: [1, 1, 4096, 11008],
    });
    const qk = ops.find((o) => o.label === 'qk') as LlmGemm;
    expect([qk.b, (ops.find((o) => o.label === 'k_proj') as LlmGemm).c]).toEqual(['kv', 'kv']);
  });

  it('property: per-layer GEMM FLOPs = 2·B·L·(4d² + 3·d·ff) + 4·B·L·C·d for any tokens L, context C, batch B (Llama-2-7B)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4096 }),
        fc.integer({ min: 0, max: 4096 }),
        fc.integer({ min: 1, max: 64 }),
        (L, extra, B) => {
          const C = L + extra;
          const d = 4096;
          const ff = 11008;
          const expected = 2 * B * L * (4 * d * d + 3 * d * ff) + 4 * B * L * C * d;
          expect(
            gemmFlops(lowerLayer(LLAMA, { stage: extra ? 'decode' : 'prefill', tokens: L, context: C, batch: B })),
          ).toBe(expected);
        },
      ),
    );
  });

  it('parameter counts match the published models: Llama-2-7B 6 738 415 616 exactly; GPT-2 small 124 439 808 within 0.2%', () => {
    const d = 4096;
    // GEMM weights + input embedding + two RMSNorm gains per layer + final norm.
    expect(gemmWeightElements(LLAMA) + 32000 * d + 32 * 2 * d + d).toBe(6_738_415_616);
    // GPT-2 ties the LM head to the embedding; add learned positions, and the rest are biases and LayerNorms.
    expect(Math.abs(gemmWeightElements(GPT2) + 1024 * 768 - 124_439_808) / 124_439_808).toBeLessThan(0.002);
  });

  it('Mistral-7B (GQA, 8 KV heads): K/V projections are 4096×1024, and the 4 query heads of a group share one attention GEMM', () => {
    const g = gemms(lowerLayer(MISTRAL, { stage: 'decode', tokens: 1, context: 100, batch: 3 }));
    expect(g).toMatchObject({
      k_proj: [1, 3, 1024, 4096],
      v_proj: [1, 3, 1024, 4096],
      qk: [24, 4, 100, 128],
      av: [24, 4, 128, 100],
      ffn_up: [1, 3, 14336, 4096],
    });
  });

  it('GPT-2: 12 heads of 64, n_inner null means 4·d, a plain (ungated) MLP with GELU and LayerNorm', () => {
    expect([GPT2.family, GPT2.headDim, GPT2.intermediateSize, GPT2.numLayers]).toEqual(['gpt2', 64, 3072, 12]);
    const ops = lowerLayer(GPT2, { stage: 'prefill', tokens: 10, context: 10, batch: 1 });
    expect(ops.map((o) => o.label)).toContain('gelu');
    expect(ops.map((o) => o.label)).not.toContain('ffn_gate');
  });

  it('property: KV cache bytes grow linearly with context, 0.5 MiB per token for Llama-2-7B in 16 bits, and equal what K/V projections write', () => {
    expect(kvCacheBytes(LLAMA, 1, 1, 2)).toBe(2 * 32 * 32 * 128 * 2);
    expect(kvCacheBytes(LLAMA, 1, 1, 2)).toBe(524_288);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4096 }),
        fc.integer({ min: 1, max: 4096 }),
        fc.integer({ min: 1, max: 16 }),
        (a, b, B) => {
          expect(kvCacheBytes(LLAMA, a + b, B, 2)).toBe(kvCacheBytes(LLAMA, a, B, 2) + kvCacheBytes(LLAMA, b, B, 2));
          const written = lowerLayer(MISTRAL, { stage: 'prefill', tokens: a, context: a, batch: B })
            .filter((o): o is LlmGemm => o.kind === 'gemm' && o.c === 'kv')
            .reduce((s, o) => s + o.M * o.N * 2, 0);
          expect(written * MISTRAL.numLayers).toBe(kvCacheBytes(MISTRAL, a, B, 2));
        },
      ),
    );
  });

  it('a config.json with a missing key or a bad value is reported with file:line:column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helen-llm-'));
    const f = join(dir, 'config.json');
    writeFileSync(
      f,
      '{\n  "hidden_size": 4096,\n  "num_attention_heads": "many",\n  "num_hidden_layers": 2,\n  "vocab_size": 10,\n  "intermediate_size": 8,\n  "max_position_embeddings": 64\n}\n',
    );
    const e = errorOf(() => readHfConfig(f));
    expect(e.format()).toMatch(/config\.json:3:27: num_attention_heads: expected a whole number from 1 to 1024/);
    writeFileSync(
      f,
      '{ "hidden_size": 4096, "num_attention_heads": 32, "num_key_value_heads": 5, "num_hidden_layers": 2, "vocab_size": 10, "intermediate_size": 8, "max_position_embeddings": 64 }',
    );
    expect(errorOf(() => readHfConfig(f)).format()).toMatch(
      /config\.json:1:\d+: num_key_value_heads: 5 KV heads must divide the 32 attention heads/,
    );
  });

  it('property: a decode step of sequences at different contexts costs the FLOPs and vector work of one step per sequence, less the shared projections', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4000 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(LLAMA, MISTRAL, GPT2),
        (contexts, model) => {
          const mixed = lowerLayer(model, {
            stage: 'decode',
            tokens: 1,
            context: Math.max(...contexts),
            batch: contexts.length,
            contexts,
          });
          const single = (c: number) => lowerLayer(model, { stage: 'decode', tokens: 1, context: c, batch: 1 });
          const attention = (ops: LlmOp[]) => ops.filter((o) => ['qk', 'av', 'softmax'].includes(o.label));
          const work = (ops: LlmOp[]) =>
            ops.reduce(
              (a, o) => a + (o.kind === 'gemm' ? 2 * o.M * o.N * o.K : o.elements * o.opsPerElement) * o.count,
              0,
            );
          expect(work(attention(mixed))).toBe(contexts.reduce((a, c) => a + work(attention(single(c))), 0));
          const shared = (ops: LlmOp[]) => ops.filter((o) => !['qk', 'av', 'softmax'].includes(o.label));
          expect(work(shared(mixed))).toBe(
            work(shared(lowerLayer(model, { stage: 'decode', tokens: 1, context: 1, batch: contexts.length }))),
          );
          expect(attention(mixed).length).toBe(3 * new Set(contexts).size);
        },
      ),
    );
  });
});
