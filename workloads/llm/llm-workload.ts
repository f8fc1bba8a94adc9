import { dirname, resolve } from '../../core/io/path.js';
import { HelenError, HelenErrors, type NeutralWorkload, type SourceLocation } from '../../core/index.js';
import { readYamlFile, type YMap } from '../../core/config/yaml-source.js';
import { readHfConfig, type TransformerShape } from './hf-config.js';
import { readRequestTrace, type LlmRequest } from './request-trace.js';
import { BATCHING_POLICIES, type BatchingPolicyName } from './batching.js';

/** An LLM serving workload: a model and either one batch of identical requests or a request trace. */
export interface LlmWorkload extends NeutralWorkload {
  readonly kind: 'llm';
  /** The transformer, from its config.json. */
  model: TransformerShape;
  /** Requests in arrival order. */
  requests: LlmRequest[];
  /** Most requests in one batch (static) or running together (continuous). */
  maxBatch: number;
  /** `static`: a batch runs to its end before the next forms; `continuous`: requests join and leave at step boundaries. */
  batching: BatchingPolicyName;
  /** The requests come from a trace file (phases are then named per batch). */
  fromTrace: boolean;
}

/**
 * The largest value of each size in an LLM workload: batches beyond any
 * serving system's (every request of a batch is held in memory: a batch of
 * 10⁹ ran out of memory), token counts as long as the longest context a
 * config.json may give.
 */
export const WORKLOAD_SIZE_LIMITS = {
  batch: 65_536,
  max_batch: 65_536,
  prompt_tokens: 16_777_216,
  generated_tokens: 16_777_216,
} as const;

/** Top-level keys: `format` names the reader (see chooseReader), `llm` holds the workload. */
const TOP_KEYS = ['format', 'llm'];
const KEYS = ['model', 'batch', 'prompt_tokens', 'generated_tokens', 'requests', 'max_batch', 'batching'];

/**
 * Reads an LLM workload YAML:
 * ```yaml
 * format: llm                           # optional: names this reader
 * llm:
 *   model: llm-llama-2-7b.config.json   # Hugging Face config.json, relative to this file
 *   prompt_tokens: 2048                 # then batch and generated_tokens …
 *   generated_tokens: 129
 *   batch: 1
 *   # … or a request trace: requests: llm-azure-sample.csv, max_batch: 8
 *   batching: continuous                # or static (the default)
 * ```
 */
export function readLlmWorkload(file: string): LlmWorkload {
  const problems: HelenError[] = [];
  const root = readYamlFile(file, file, problems);
  if (problems.length) throw new HelenErrors(problems);
  const top = root?.kind === 'map' ? root.entries.find((e) => e.key === 'llm') : undefined;
  if (!top || top.value.kind !== 'map')
    throw new HelenError(
      'E_WORKLOAD',
      'an LLM workload is a mapping under the key "llm"',
      root?.loc ?? { file, line: 1, column: 1 },
    );
  if (root?.kind === 'map')
    for (const e of root.entries)
      if (!TOP_KEYS.includes(e.key))
        problems.push(
          new HelenError(
            'E_UNKNOWN_KEY',
            `unknown top-level key "${e.key}"; expected ${TOP_KEYS.join(' or ')}`,
            e.keyLoc,
          ),
        );
  const m: YMap = top.value;
  for (const e of m.entries)
    if (!KEYS.includes(e.key))
      problems.push(
        new HelenError('E_UNKNOWN_KEY', `unknown key "${e.key}"; expected one of ${KEYS.join(', ')}`, e.keyLoc),
      );
  const get = (key: string) => m.entries.find((e) => e.key === key);
  const int = (key: keyof typeof WORKLOAD_SIZE_LIMITS, dflt?: number): number | undefined => {
    const e = get(key);
    if (!e) return dflt;
    const max = WORKLOAD_SIZE_LIMITS[key];
    if (
      e.value.kind !== 'scalar' ||
      typeof e.value.value !== 'number' ||
      !Number.isSafeInteger(e.value.value) ||
      e.value.value < 1
    ) {
      problems.push(new HelenError('E_WORKLOAD', `${key} must be a whole number from 1 to ${max}`, e.value.loc));
      return dflt;
    }
    if (e.value.value > max) {
      problems.push(new HelenError('E_LIMIT', `at most ${max}; got ${e.value.value}`, e.value.loc));
      return dflt;
    }
    return e.value.value;
  };
  const path = (key: string): { path: string; loc: SourceLocation } | undefined => {
    const e = get(key);
    if (!e) return undefined;
    if (e.value.kind !== 'scalar' || typeof e.value.value !== 'string') {
      problems.push(new HelenError('E_WORKLOAD', `${key} must be a file name`, e.value.loc));
      return undefined;
    }
    return { path: resolve(dirname(file), e.value.value), loc: e.value.loc };
  };
  const batchingEntry = get('batching');
  let batching: BatchingPolicyName = 'static';
  if (batchingEntry) {
    const v = batchingEntry.value.kind === 'scalar' ? batchingEntry.value.value : undefined;
    if (BATCHING_POLICIES.includes(v as BatchingPolicyName)) batching = v as BatchingPolicyName;
    else
      problems.push(
        new HelenError(
          'E_WORKLOAD',
          `batching must be one of ${BATCHING_POLICIES.join(', ')}`,
          batchingEntry.value.loc,
        ),
      );
  }
  const modelRef = path('model');
  if (!get('model'))
    problems.push(new HelenError('E_MISSING', 'missing key "model" (a Hugging Face config.json)', m.loc));
  const trace = path('requests');
  const batch = int('batch', 1)!;
  const maxBatch = int('max_batch', 8)!;
  const prompt = int('prompt_tokens');
  const generated = int('generated_tokens', 1)!;
  if (!trace && prompt === undefined && !problems.length)
    problems.push(
      new HelenError('E_MISSING', 'give prompt_tokens (and batch, generated_tokens) or requests (a trace CSV)', m.loc),
    );
  if (problems.length) throw new HelenErrors(problems);
  const model = readHfConfig(modelRef!.path);
  const requests: LlmRequest[] = trace
    ? readRequestTrace(trace.path)
    : Array.from({ length: batch }, () => ({
        arrivalPs: 0,
        contextTokens: prompt!,
        generatedTokens: generated,
        loc: get('prompt_tokens')!.value.loc,
      }));
  for (const r of requests) {
    if (r.contextTokens + r.generatedTokens > model.maxPositions) {
      throw new HelenError(
        'E_WORKLOAD',
        `${r.contextTokens} prompt + ${r.generatedTokens} generated tokens exceed the model's ${model.maxPositions} positions`,
        r.loc,
      );
    }
  }
  return {
    kind: 'llm',
    file,
    model,
    requests,
    maxBatch: trace ? maxBatch : batch,
    batching,
    fromTrace: trace !== undefined,
  };
}
