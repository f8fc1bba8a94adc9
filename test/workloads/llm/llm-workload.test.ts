import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../api/run.js';
import { defaultSession } from '../../../api/session.js';
import { chooseReader, HelenErrors } from '../../../core/index.js';
import {
  llmWorkloadReader,
  readRequestTrace,
  timestampPs,
  WORKLOAD_SIZE_LIMITS,
} from '../../../workloads/llm/index.js';
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

describe('LLM workload sizes', () => {
  const cfg = join(process.cwd(), 'workloads/examples/llm-llama-2-7b.config.json');
  // batch: 1000000000 made a billion requests up front and aborted out of memory.
  it.each([
    { key: 'batch', line: 5 },
    { key: 'prompt_tokens', line: 3 },
    { key: 'generated_tokens', line: 4 },
    { key: 'max_batch', line: 6 },
  ] as const)('$key beyond its limit is E_LIMIT at its line and column', ({ key, line }) => {
    const dir = mkdtempSync(join(tmpdir(), 'helen-llm-'));
    const f = join(dir, 'w.yaml');
    const values: Record<string, number> = { prompt_tokens: 16, generated_tokens: 2, batch: 1, max_batch: 4 };
    values[key] = key === 'batch' ? 1e9 : WORKLOAD_SIZE_LIMITS[key] + 1;
    writeFileSync(
      f,
      `llm:\n  model: ${cfg}\n` +
        ['prompt_tokens', 'generated_tokens', 'batch', 'max_batch'].map((k) => `  ${k}: ${values[k]}\n`).join(''),
    );
    const all = errorOf(() => llmWorkloadReader.read(f));
    const problems = all instanceof HelenErrors ? all.problems : [all];
    expect(problems).toHaveLength(1);
    const e = problems[0]!;
    expect([e.code, e.location?.line, e.location?.column, e.location?.path]).toEqual([
      'E_LIMIT',
      line,
      key.length + 5,
      `llm.${key}`,
    ]);
    expect(e.message).toBe(`at most ${WORKLOAD_SIZE_LIMITS[key]}; got ${values[key]}`);
  });
});
