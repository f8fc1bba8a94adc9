import type { LegacyReader } from '../legacy.js';
import { fileHead, yamlHasTopLevelKey } from '../../core/index.js';

import { findLlmTarget, LlmDriver } from './llm-driver.js';
import { readLlmWorkload } from './llm-workload.js';

export * from './hf-config.js';
export * from './lower.js';
export * from './request-trace.js';
export * from './llm-workload.js';
export * from './llm-driver.js';
export * from './roofline-table.js';
export * from './serving.js';
export * from './batching.js';
export * from './llm-summary.js';

/** LLM serving workloads: a Hugging Face config.json with a prompt/generation size or an Azure-format request trace. */
export const llmWorkloadReader: LegacyReader = {
  format: 'llm',
  description: 'LLM inference (YAML with "llm:": a Hugging Face config.json and prompt/generated tokens, or a request trace) on a systolic.engine',
  matches: (file) => (/\.ya?ml$/i.test(file) && yamlHasTopLevelKey(fileHead(file), 'llm')),
  open: (file, model) => {
    const w = readLlmWorkload(file);
    return new LlmDriver(w, findLlmTarget(model, file), model, w.fromTrace);
  },
};
