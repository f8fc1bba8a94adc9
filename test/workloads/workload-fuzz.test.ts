import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INSTANCES } from '../../core/index.js';
import { MODEL_SIZE_LIMITS, WORKLOAD_SIZE_LIMITS } from '../../workloads/llm/index.js';

// The contract under test: whatever a workload (or an architecture's counts) asks for, `helen run` in a
// 256 MB heap ends within its time bound, either with a finished (or cleanly bounded) run or with located
// errors. An out-of-memory abort (exit 134), a stack trace, an internal error or a hang is a bug. Each case
// runs in a child process, so a runaway case cannot take the test runner down with it.

const workDir = mkdtempSync(join(tmpdir(), 'helen-workload-fuzz-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Generous for one pathological case on a loaded 2-core machine; the defects ran for minutes or aborted. */
const CASE_TIMEOUT_MS = 30_000;
/** The heap of every child: a hundred million queued messages or a billion requests need gigabytes. */
const HEAP_MB = 256;
/** HELEN_FUZZ_SCALE=5 runs more cases locally; the default keeps each property to a few child processes. */
const SCALE = Number(process.env.HELEN_FUZZ_SCALE ?? 1);
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * SCALE)), endOnFailure: true });

const DEMO = resolve('architectures/examples/demo-chip.yaml');
const LLM_ARCH = resolve('architectures/llm-accelerator.yaml');
const SNN_ARCH = readFileSync('architectures/snn-small.yaml', 'utf8');
const SPIKES = resolve('workloads/examples/spikes-small.csv');
const LLAMA = JSON.parse(readFileSync('workloads/examples/llm-llama-2-7b.config.json', 'utf8')) as Record<
  string,
  unknown
>;
const STACK = /\n\s+at .+:\d+:\d+/;
/** One problem line: `file:line:col: path: message [E_CODE]`, or `--set: path: message [E_CODE]`. */
const LOCATED = /^[^\n]+?(:\d+:\d+)?: .+ \[E_[A-Z_]+\]$/;

let caseNo = 0;
/** Writes `files` into a fresh folder; returns the folder. */
function folder(files: Record<string, string>): string {
  const dir = join(workDir, `case${caseNo++}`);
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

interface Outcome {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** `node --max-old-space-size=256 bin/helen.js run …args` in `cwd`, stopped after CASE_TIMEOUT_MS. */
function helenRun(cwd: string, args: string[]): Outcome {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, resolve('bin/helen.js'), 'run', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: CASE_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CI: '1', HELEN_PROGRESS: '0' },
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0 };
}

/** A clean end: in time, exit 0 (finished), 3 (a bound ended it) or 1 with only located problems. */
function expectClean(o: Outcome, allowed: readonly number[] = [0, 1, 3]): void {
  const what = `exit ${o.status} (${o.signal ?? 'no signal'}) after ${Math.round(o.ms)} ms\n${o.stderr.slice(0, 2000)}`;
  expect(o.signal, what).toBeNull();
  expect(allowed, what).toContain(o.status);
  expect(o.stderr, what).not.toMatch(STACK);
  expect(o.stderr, what).not.toMatch(/internal error|FATAL ERROR|out of memory/i);
  if (o.status === 1) {
    const lines = o.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines.length, what).toBeGreaterThan(0);
    for (const l of lines) expect(l, what).toMatch(LOCATED);
  }
}

/** A list or an object nested `depth` deep, around 1. */
const nested = (kind: 'list' | 'object', depth: number): string =>
  kind === 'list' ? '['.repeat(depth) + '1' + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('workloads fuzzed with pathological sizes, in a 256 MB child process', () => {
  beforeAll(() => {
    if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is missing: the test command builds first (npm test)');
  });

  // A count of 10⁸ queued every message up front: a V8 out-of-memory abort (exit 134).
  it('property: an op-trace line with a count up to 10¹⁵ ends cleanly within its wall-clock bound', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('send', 'compute'),
        fc.oneof(fc.constantFrom(1e8, 1e9, 1e12, 1e15), fc.integer({ min: 1, max: 1000 })),
        fc.oneof(fc.nat(256), fc.constant(1e9)),
        (op, count, bytes) => {
          const line = { to: 'chip.pe[0]', op, count, ...(op === 'send' ? { bytes } : {}) };
          const dir = folder({ 'ops.jsonl': JSON.stringify(line) + '\n' });
          const o = helenRun(dir, [DEMO, 'ops.jsonl', '--max-wall', '2']);
          expectClean(o);
        },
      ),
      runs(3),
    );
  });

  // JSON.stringify of such a value overflowed the stack: "Maximum call stack size exceeded", an internal error.
  it('property: a list or object nested up to 150 000 deep in an op-trace argument, a weights file or an LLM config.json is a located error', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('op argument', 'weights file', 'LLM config.json'),
        fc.constantFrom('list', 'object') as fc.Arbitrary<'list' | 'object'>,
        fc.integer({ min: 1000, max: 150_000 }),
        (where, kind, depth) => {
          if (where === 'op argument') {
            const dir = folder({
              'ops.jsonl': `{"to": "chip.pe[0]", "op": "compute", "count": ${nested(kind, depth)}}\n`,
            });
            const o = helenRun(dir, [DEMO, 'ops.jsonl']);
            expectClean(o, [1]);
            expect(o.stderr).toMatch(/^ops\.jsonl:1:39: count: .*\[E_OP\]$/m);
          } else if (where === 'LLM config.json') {
            const dir = folder({
              'config.json': `{"hidden_size": ${nested(kind, depth)}}`,
              'w.yaml': 'llm:\n  model: config.json\n  prompt_tokens: 16\n',
            });
            const o = helenRun(dir, [LLM_ARCH, 'w.yaml']);
            expectClean(o, [1]);
            expect(o.stderr).toMatch(/config\.json:1:\d+: nesting deeper than 64 levels \[E_YAML\]$/m);
          } else {
            const dir = folder({ 'snn.yaml': SNN_ARCH, 'w.json': `[${nested(kind, depth)}]` });
            const o = helenRun(dir, [
              'snn.yaml',
              SPIKES,
              '--set',
              'snn.w1.weights_file=w.json',
              '--set',
              'snn.w1.weight_mean_mv=0',
              '--set',
              'snn.w1.weight_std_mv=0',
            ]);
            expectClean(o, [1]);
            expect(o.stderr).toMatch(/w\.json:\d+:\d+: .*\[E_(VALUE|SHAPE)\]$/m);
          }
        },
      ),
      runs(3),
    );
  });

  // hidden_size 1e9 spun for minutes in the GEMM pipeline past --max-wall; batch 1e9 aborted out of memory.
  it('property: an absurd LLM size in config.json or the workload is refused at its line and column', () => {
    const configKeys = Object.keys(MODEL_SIZE_LIMITS).filter((k) => k in LLAMA || k === 'head_dim');
    const workloadKeys = Object.keys(WORKLOAD_SIZE_LIMITS) as (keyof typeof WORKLOAD_SIZE_LIMITS)[];
    fc.assert(
      fc.property(
        fc.constantFrom(...configKeys, ...workloadKeys),
        fc.oneof(fc.constantFrom(1e9, 1e15), fc.integer({ min: 1, max: 1000 })),
        (key, excess) => {
          const limit = MODEL_SIZE_LIMITS[key] ?? WORKLOAD_SIZE_LIMITS[key as keyof typeof WORKLOAD_SIZE_LIMITS];
          const value = Math.max(limit + excess, excess);
          const inWorkload = key in WORKLOAD_SIZE_LIMITS;
          const config = inWorkload ? LLAMA : { ...LLAMA, [key]: value };
          const workload: Record<string, number> = { prompt_tokens: 16, generated_tokens: 2, batch: 1 };
          if (inWorkload) workload[key] = value;
          const dir = folder({
            'config.json': JSON.stringify(config, null, 2),
            'w.yaml':
              'llm:\n  model: config.json\n' +
              Object.entries(workload)
                .map(([k, v]) => `  ${k}: ${v}\n`)
                .join(''),
          });
          const o = helenRun(dir, [LLM_ARCH, 'w.yaml', '--max-wall', '5']);
          expectClean(o, [1]);
          const file = inWorkload ? 'w\\.yaml' : 'config\\.json';
          expect(o.stderr).toMatch(
            new RegExp(`${file}:\\d+:\\d+: (llm\\.)?${key}: at most ${limit}\\b.*\\[E_LIMIT\\]$`, 'm'),
          );
        },
      ),
      runs(3),
    );
  });

  // 100 000 siblings were named in quadratic time (over two minutes); a million, or 1000 × 1000, built for minutes.
  it('property: sibling counts past the instance limit, flat or nested, are refused at once at a count', () => {
    fc.assert(
      fc.property(
        fc
          .oneof(
            fc.record({ outer: fc.constant(1), inner: fc.constantFrom(MAX_INSTANCES, 1e6, 1e9) }),
            // Each count within the limit, their product past it: only counting before building refuses it at once.
            fc.record({ outer: fc.integer({ min: 2, max: 5000 }), inner: fc.integer({ min: 1, max: MAX_INSTANCES }) }),
          )
          .filter(({ outer, inner }) => outer * (inner + 1) > MAX_INSTANCES),
        ({ outer, inner }) => {
          const arch =
            'name: many\nclock: 1GHz\ncomponents:\n  chip:\n    type: generic.group\n    children:\n' +
            `      tile:\n        type: generic.group\n        count: ${outer}\n        children:\n` +
            `          pe:\n            type: generic.unit\n            count: ${inner}\n`;
          const dir = folder({ 'many.yaml': arch, 'ops.jsonl': '{"to": "chip", "op": "compute"}\n' });
          const o = helenRun(dir, ['many.yaml', 'ops.jsonl']);
          expectClean(o, [1]);
          expect(o.stderr).toMatch(/^many\.yaml:(9|13):\d+: .*\.count: .*\[E_LIMIT\]$/m);
          expect(o.ms).toBeLessThan(CASE_TIMEOUT_MS);
        },
      ),
      runs(3),
    );
  });

  it('20 000 siblings under one parent elaborate and run to the end in the 256 MB heap', () => {
    const arch =
      'name: many\nclock: 1GHz\ncomponents:\n  chip:\n    type: generic.group\n    children:\n' +
      '      pe:\n        type: generic.unit\n        count: 20000\n';
    const dir = folder({ 'many.yaml': arch, 'ops.jsonl': '{"to": "chip.pe[19999]", "op": "compute", "count": 3}\n' });
    const o = helenRun(dir, ['many.yaml', 'ops.jsonl', '--json']);
    expectClean(o, [0]);
    expect(JSON.parse(o.stdout)).toMatchObject({ cycles: 3, operations: 1, stop: { reason: 'completed' } });
  });
});
