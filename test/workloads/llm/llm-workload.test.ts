import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../api/run.js';
import { defaultSession } from '../../../api/session.js';
import { chooseReader } from '../../../core/index.js';
import { llmWorkloadReader, readRequestTrace, timestampPs } from '../../../workloads/llm/index.js';
import { errorOf } from '../../support/helen-error.js';

const ARCH = 'architectures/llm-accelerator.yaml';

describe('LLM workload files: request traces and the workload YAML', () => {
  it('Azure timestamps become ps since the first request; bad trace lines are located', () => {
    expect(timestampPs('2023-11-16 18:15:50.9951690')! - timestampPs('2023-11-16 18:15:46.6805900')!).toBe(
      4_314_579_000_000n,
    );
    expect(timestampPs('1.5')).toBe(1_500_000_000_000n);
    const reqs = readRequestTrace('workloads/examples/llm-azure-sample.csv');
    expect([reqs[0]!.arrivalPs, reqs[1]!.contextTokens, reqs.length]).toEqual([0, 396, 8]);
    const dir = mkdtempSync(join(tmpdir(), 'helen-llm-'));
    const f = join(dir, 'trace.csv');
    writeFileSync(f, 'TIMESTAMP,ContextTokens,GeneratedTokens\n0.5,10,2\n0.7, x,3\n');
    expect(errorOf(() => readRequestTrace(f)).format()).toMatch(
      /trace\.csv:3:6: ContextTokens must be a whole number ≥ 1, found "x"/,
    );
  });

  it('workload errors are located: unknown keys, and a prompt beyond the model positions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helen-llm-'));
    const f = join(dir, 'w.yaml');
    const cfg = join(process.cwd(), 'workloads/examples/llm-llama-2-7b.config.json');
    writeFileSync(f, `llm:\n  model: ${cfg}\n  prompt_tokens: 4096\n  generated_tokens: 10\n  bacth: 2\n`);
    expect(errorOf(() => runSimulation({ architecture: ARCH, workload: f })).format()).toMatch(
      /w\.yaml:5:3: .*unknown key "bacth"/,
    );
    writeFileSync(f, `llm:\n  model: ${cfg}\n  prompt_tokens: 4096\n  generated_tokens: 10\n`);
    expect(errorOf(() => runSimulation({ architecture: ARCH, workload: f })).format()).toMatch(
      /w\.yaml:3:18: .*exceed the model's 4096 positions/,
    );
  });

  it('reads into the neutral llm form; a top-level "format: llm" names the reader, any other top-level key is an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helen-llm-'));
    const f = join(dir, 'w.yaml');
    const cfg = join(process.cwd(), 'workloads/examples/llm-gpt2.config.json');
    writeFileSync(f, `format: llm\nllm:\n  model: ${cfg}\n  prompt_tokens: 16\n  generated_tokens: 2\n  batch: 3\n`);
    expect(chooseReader(defaultSession(), f)).toBe(llmWorkloadReader);
    const w = llmWorkloadReader.read(f);
    expect([w.kind, w.file, w.requests.length, w.maxBatch, w.batching, w.fromTrace]).toEqual([
      'llm',
      f,
      3,
      3,
      'static',
      false,
    ]);
    writeFileSync(f, `llm:\n  model: ${cfg}\n  prompt_tokens: 16\nsteps: 3\n`);
    expect(errorOf(() => llmWorkloadReader.read(f)).format()).toMatch(
      /w\.yaml:4:1: .*unknown top-level key "steps"; expected format or llm \[E_UNKNOWN_KEY\]$/,
    );
  });
});
