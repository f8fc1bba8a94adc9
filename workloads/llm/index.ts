import { closeSync, openSync, readSync } from 'node:fs';
import type { WorkloadReader } from '../workload.js';
import { findLlmTarget, LlmDriver } from './llm-driver.js';
import { readLlmWorkload } from './llm-workload.js';

export * from './hf-config.js';
export * from './lower.js';
export * from './request-trace.js';
export * from './llm-workload.js';
export * from './llm-driver.js';
export * from './roofline-table.js';

/** Whether a YAML file is an LLM workload (a top-level `llm:` key in its first 64 KiB). */
function looksLikeLlm(file: string): boolean {
  if (!/\.ya?ml$/i.test(file)) return false;
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(65536);
      const n = readSync(fd, buf, 0, buf.length, 0);
      return /^llm\s*:/m.test(buf.toString('utf8', 0, n));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** LLM serving workloads: a Hugging Face config.json with a prompt/generation size or an Azure-format request trace. */
export const llmWorkloadReader: WorkloadReader = {
  format: 'llm',
  description: 'LLM inference (YAML with "llm:": a Hugging Face config.json and prompt/generated tokens, or a request trace) on a systolic.engine',
  matches: looksLikeLlm,
  open: (file, model) => {
    const w = readLlmWorkload(file);
    return new LlmDriver(w, findLlmTarget(model, file), model, w.fromTrace);
  },
};
