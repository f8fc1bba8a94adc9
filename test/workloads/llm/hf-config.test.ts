import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelenErrors } from '../../../core/index.js';
import { MODEL_SIZE_LIMITS, readHfConfig } from '../../../workloads/llm/index.js';

const dir = mkdtempSync(join(tmpdir(), 'helen-hf-'));

const LLAMA: Record<string, number | string> = {
  model_type: 'llama',
  hidden_size: 4096,
  intermediate_size: 11008,
  num_attention_heads: 32,
  num_key_value_heads: 32,
  num_hidden_layers: 32,
  vocab_size: 32000,
  max_position_embeddings: 4096,
};
const GPT2: Record<string, number | string> = {
  model_type: 'gpt2',
  n_embd: 768,
  n_head: 12,
  n_layer: 12,
  n_inner: 3072,
  vocab_size: 50257,
  n_positions: 1024,
};

/** The problems of a config.json holding `base` with `key` set to `value` (one key a line), as [code, line, column, message]. */
function problems(base: Record<string, number | string>, key: string, value: number): unknown[] {
  const entries = Object.entries({ ...base, [key]: value });
  const f = join(dir, 'config.json');
  writeFileSync(f, '{\n' + entries.map(([k, v]) => `  "${k}": ${JSON.stringify(v)}`).join(',\n') + '\n}\n');
  try {
    readHfConfig(f);
  } catch (e) {
    if (!(e instanceof HelenErrors)) throw e;
    return e.problems.map((p) => [p.code, p.location?.line, p.location?.column, p.location?.path, p.message]);
  }
  return [];
}

describe('config.json sizes', () => {
  // hidden_size 1e9 spun for minutes in the GEMM pipeline; sizes had no upper bound.
  it.each([
    ...['hidden_size', 'intermediate_size', 'num_attention_heads', 'num_key_value_heads', 'head_dim'].map((key) => ({
      key,
      base: LLAMA,
    })),
    ...['num_hidden_layers', 'vocab_size', 'max_position_embeddings'].map((key) => ({ key, base: LLAMA })),
    ...['n_embd', 'n_head', 'n_layer', 'n_inner', 'n_positions'].map((key) => ({ key, base: GPT2 })),
  ])('$key beyond its limit is E_LIMIT at its line and column', ({ key, base }) => {
    const max = MODEL_SIZE_LIMITS[key]!;
    const line = Object.keys({ ...base, [key]: 0 }).indexOf(key) + 2;
    expect(problems(base, key, max + 1)).toEqual([
      [
        'E_LIMIT',
        line,
        key.length + 7,
        key,
        `at most ${max} (four times the largest published models); got ${max + 1}`,
      ],
    ]);
    expect(problems(base, key, 1e9)).toHaveLength(1);
  });

  it('the largest published models are within the limits', () => {
    // Llama 3.1 405B.
    const big = { ...LLAMA, hidden_size: 16384, intermediate_size: 53248, num_attention_heads: 128 };
    expect(
      problems({ ...big, num_key_value_heads: 8, num_hidden_layers: 126 }, 'max_position_embeddings', 131072),
    ).toEqual([]);
  });
});
