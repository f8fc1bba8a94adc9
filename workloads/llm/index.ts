import { yamlHasTopLevelKey, type WorkloadReader } from '../../core/index.js';
import { readLlmWorkload, type LlmWorkload } from './llm-workload.js';

export * from './hf-config.js';
export * from './lower.js';
export * from './request-trace.js';
export * from './llm-workload.js';
export * from './serving.js';
export * from './batching.js';

/** LLM serving workloads: a Hugging Face config.json with a prompt/generation size or an Azure-format request trace. */
export const llmWorkloadReader: WorkloadReader<LlmWorkload> = {
  format: 'llm',
  description:
    'LLM inference (YAML with "llm:": a Hugging Face config.json and prompt/generated tokens, or a request trace)',
  produces: 'llm',
  extensions: ['.yaml', '.yml'],
  recognises: (head) => yamlHasTopLevelKey(head, 'llm'),
  read: readLlmWorkload,
};
