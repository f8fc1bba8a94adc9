import { HelenError, HelenErrors, type SourceLocation } from '../../core/index.js';
import { readYamlFile, type YMap, type YNode } from '../../core/config/yaml-source.js';

/** The shape of a decoder-only transformer, as lowering needs it. */
export interface TransformerShape {
  /** `llama`: gated SiLU MLP, RMSNorm, rotary positions (Llama, Mistral); `gpt2`: GELU MLP, LayerNorm, learned positions. */
  family: 'llama' | 'gpt2';
  /** `model_type` from the file (or the family). */
  modelType: string;
  /** d_model. */
  hiddenSize: number;
  /** Query heads. */
  numHeads: number;
  /** Key/value heads (fewer than numHeads: grouped-query attention). */
  numKvHeads: number;
  /** Width of one head. */
  headDim: number;
  /** FFN width. */
  intermediateSize: number;
  /** Decoder layers. */
  numLayers: number;
  vocabSize: number;
  /** Longest context the model was trained for. */
  maxPositions: number;
}

/**
 * The largest value each config.json size may take: four times or more the
 * largest published models (Llama 3.1 405B: hidden 16 384, FFN 53 248, 126
 * layers, 128 heads; vocabularies up to 256 000; contexts up to 10 M
 * positions). A typo such as 1e9 is refused at its line and column instead of
 * spinning in the GEMM pipeline or running out of memory.
 */
export const MODEL_SIZE_LIMITS: Readonly<Record<string, number>> = {
  hidden_size: 65_536,
  n_embd: 65_536,
  intermediate_size: 262_144,
  n_inner: 262_144,
  num_attention_heads: 1024,
  n_head: 1024,
  num_key_value_heads: 1024,
  head_dim: 1024,
  num_hidden_layers: 1024,
  n_layer: 1024,
  vocab_size: 1_048_576,
  max_position_embeddings: 16_777_216,
  n_positions: 16_777_216,
};

function located(map: YMap, key: string): { value: YNode; loc: SourceLocation } | undefined {
  const e = map.entries.find((x) => x.key === key);
  return e ? { value: e.value, loc: e.value.loc } : undefined;
}

/**
 * Reads a Hugging Face `config.json` (JSON is YAML, so every value keeps its
 * line and column). Llama and Mistral keys (`hidden_size`,
 * `num_attention_heads`, `num_key_value_heads`, `intermediate_size`,
 * `num_hidden_layers`, `vocab_size`, `max_position_embeddings`, optional
 * `head_dim`) and GPT-2 keys (`n_embd`, `n_head`, `n_layer`, `n_inner`,
 * `n_positions`) are understood; every problem is reported with its position.
 */
export function readHfConfig(file: string, displayName = file): TransformerShape {
  const problems: HelenError[] = [];
  const root = readYamlFile(file, displayName, problems);
  if (problems.length) throw new HelenErrors(problems);
  if (!root || root.kind !== 'map')
    throw new HelenError(
      'E_WORKLOAD',
      'a config.json must be a JSON object',
      root?.loc ?? { file: displayName, line: 1, column: 1 },
    );
  const str = (key: string): string | undefined => {
    const v = located(root, key)?.value;
    return v?.kind === 'scalar' && typeof v.value === 'string' ? v.value : undefined;
  };
  const gpt2 = located(root, 'n_embd') !== undefined || str('model_type') === 'gpt2';
  const int = (key: string, fallback?: number): number => {
    const e = located(root, key);
    if (!e || (e.value.kind === 'scalar' && e.value.value === null && fallback !== undefined)) {
      if (fallback !== undefined) return fallback;
      problems.push(
        new HelenError(
          'E_WORKLOAD',
          `missing key "${key}" (a ${gpt2 ? 'GPT-2' : 'Llama/Mistral'} config.json has it)`,
          root.loc,
        ),
      );
      return 1;
    }
    const v = e.value;
    const max = MODEL_SIZE_LIMITS[key] ?? Number.MAX_SAFE_INTEGER;
    if (v.kind !== 'scalar' || typeof v.value !== 'number' || !Number.isSafeInteger(v.value) || v.value < 1) {
      problems.push(new HelenError('E_WORKLOAD', `expected a whole number from 1 to ${max}`, e.loc));
      return 1;
    }
    if (v.value > max) {
      problems.push(
        new HelenError('E_LIMIT', `at most ${max} (four times the largest published models); got ${v.value}`, e.loc),
      );
      return 1;
    }
    return v.value;
  };
  let shape: TransformerShape;
  if (gpt2) {
    const d = int('n_embd');
    const heads = int('n_head');
    shape = {
      family: 'gpt2',
      modelType: str('model_type') ?? 'gpt2',
      hiddenSize: d,
      numHeads: heads,
      numKvHeads: heads,
      headDim: 0,
      intermediateSize: int('n_inner', 4 * d),
      numLayers: int('n_layer'),
      vocabSize: int('vocab_size'),
      maxPositions: int('n_positions'),
    };
    shape.headDim = shape.hiddenSize / shape.numHeads;
  } else {
    const heads = int('num_attention_heads');
    shape = {
      family: 'llama',
      modelType: str('model_type') ?? 'llama',
      hiddenSize: int('hidden_size'),
      numHeads: heads,
      numKvHeads: int('num_key_value_heads', heads),
      headDim: 0,
      intermediateSize: int('intermediate_size'),
      numLayers: int('num_hidden_layers'),
      vocabSize: int('vocab_size'),
      maxPositions: int('max_position_embeddings'),
    };
    shape.headDim = located(root, 'head_dim') ? int('head_dim') : shape.hiddenSize / heads;
  }
  if (problems.length) throw new HelenErrors(problems);
  const headsKey = located(root, gpt2 ? 'n_head' : 'num_attention_heads')!;
  if (!Number.isInteger(shape.headDim))
    throw new HelenError(
      'E_WORKLOAD',
      `${shape.numHeads} heads do not divide the hidden size ${shape.hiddenSize}; give head_dim`,
      headsKey.loc,
    );
  if (shape.numHeads % shape.numKvHeads !== 0) {
    throw new HelenError(
      'E_WORKLOAD',
      `${shape.numKvHeads} KV heads must divide the ${shape.numHeads} attention heads`,
      located(root, 'num_key_value_heads')?.loc ?? headsKey.loc,
    );
  }
  return shape;
}
