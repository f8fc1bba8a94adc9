import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunProgress } from '../../api/run.js';
import { progressLine, progressReporter, progressWanted } from '../../cli/progress.js';

/** Runs the CLI without a terminal; `env` adds to (or, as undefined, removes from) the environment. */
function helen(args: string[], env: Record<string, string | undefined> = {}) {
  const full: Record<string, string | undefined> = { ...process.env, HELEN_PROGRESS: undefined, ...env };
  for (const k of Object.keys(full)) if (full[k] === undefined) delete full[k];
  const r = spawnSync(process.execPath, ['bin/helen.js', ...args], {
    encoding: 'utf8',
    env: full as NodeJS.ProcessEnv,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Index of the first stderr line that starts with `prefix` (-1 if none). */
const lineOf = (stderr: string, prefix: string): number => stderr.split('\n').findIndex((l) => l.startsWith(prefix));

/** A stream that records what is written, as a terminal or not. */
function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = { isTTY, columns: 100, write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

const at = (stage: RunProgress['stage'], more: Partial<RunProgress> = {}): RunProgress => ({
  stage,
  nowPs: 0,
  events: 0,
  operations: 0,
  ...more,
});

describe('the progress bar names every stage of a run', () => {
  beforeAll(() => {
    if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is missing: build first (npm run build)');
  });

  it('helen run --progress: reading, loading, elaborating (with the instance count) and preparing come before the simulation', () => {
    const r = helen([
      'run',
      'architectures/examples/demo-chip.yaml',
      'workloads/examples/demo-ops.jsonl',
      '--set',
      'stages=2000',
      '--progress',
    ]);
    expect(r.code).toBe(0);
    const lines = [
      'reading workload: demo-ops.jsonl',
      'loading architecture: demo-chip.yaml',
      'elaborating: 2,002 instances',
      'preparing workload: demo-ops.jsonl',
      'simulating ',
    ].map((l) => lineOf(r.stderr, l));
    expect(
      lines.every((i) => i >= 0),
      r.stderr,
    ).toBe(true);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(r.stdout).toMatch(/^demo-chip on demo-ops\.jsonl/);
  });

  it('helen compare --progress: both runs, every line of A labelled A and before B, every line of B labelled B', () => {
    const r = helen([
      'compare',
      'architectures/examples/demo-chip.yaml',
      'architectures/examples/demo-chip-fast.yaml',
      'workloads/examples/demo-ops.jsonl',
      '--progress',
    ]);
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n');
    const firstB = lines.findIndex((l) => l.startsWith('B: '));
    expect(lines.slice(0, firstB).every((l) => l.startsWith('A: '))).toBe(true);
    expect(lines.slice(firstB).every((l) => l.startsWith('B: '))).toBe(true);
    for (const run of ['A', 'B'])
      for (const stage of [
        'reading workload',
        'loading architecture',
        'elaborating',
        'preparing workload',
        'simulating',
      ])
        expect(lineOf(r.stderr, `${run}: ${stage}`), `${run}: ${stage}`).toBeGreaterThanOrEqual(0);
  });

  it.each([
    ['HELEN_PROGRESS=1 forces it on without a terminal', [], { HELEN_PROGRESS: '1' }, true],
    ['--no-progress wins over HELEN_PROGRESS=1', ['--no-progress'], { HELEN_PROGRESS: '1' }, false],
    ['without a terminal it is off by default', [], {}, false],
  ])('%s', (_name, flags, env, shown) => {
    const r = helen(
      ['run', 'architectures/examples/demo-chip.yaml', 'workloads/examples/demo-ops.jsonl', ...flags],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stderr.includes('loading architecture')).toBe(shown);
  });
});

describe('progress reporter', () => {
  it.each([
    [undefined, { HELEN_PROGRESS: '1' }, false, true],
    [undefined, { HELEN_PROGRESS: '0' }, true, false],
    [false, { HELEN_PROGRESS: '1' }, true, false],
    [true, {}, false, true],
    [undefined, {}, true, true],
    [undefined, { CI: 'true' }, true, false],
  ])('progressWanted(flag %s, env %o, terminal %s) is %s', (flag, env, isTTY, wanted) => {
    const saved = { HELEN_PROGRESS: process.env['HELEN_PROGRESS'], CI: process.env['CI'] };
    delete process.env['HELEN_PROGRESS'];
    delete process.env['CI'];
    Object.assign(process.env, env);
    try {
      expect(progressWanted(flag, fakeStream(isTTY).stream)).toBe(wanted);
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  });

  it('without a terminal: one line per stage, labelled; updates within a stage at most once a second', () => {
    const { stream, text } = fakeStream(false);
    let nowMs = 5_000;
    const bar = progressReporter({ enabled: true, label: 'B', stream, clock: () => nowMs });
    bar.update(at('loading architecture', { detail: 'red.yaml' }));
    bar.update(at('elaborating', { detail: '2,016 instances' }));
    bar.update(at('elaborating', { detail: '64 of 2,016 instances', fraction: 64 / 2016 }));
    nowMs += 1_000;
    bar.update(at('elaborating', { detail: '1,024 of 2,016 instances', fraction: 1024 / 2016 }));
    bar.update(at('simulating', { nowPs: 34_000, events: 12_345, operations: 6, fraction: 0.5 }));
    bar.stop();
    expect(text().split('\n')).toEqual([
      'B: loading architecture: red.yaml',
      'B: elaborating: 2,016 instances',
      'B: elaborating: 1,024 of 2,016 instances (50%)',
      'B: simulating ██████████░░░░░░░░░░ 50% | 34.0000 ns simulated | 12,345 events | 6 ops',
      '',
    ]);
  });

  it('on a terminal: one line redrawn in place and erased at the end', () => {
    const { stream, text } = fakeStream(true);
    const bar = progressReporter({ enabled: true, stream });
    bar.update(at('reading workload', { detail: 'w.yaml' }));
    bar.update(at('preparing workload', { detail: 'checking values of dcgan2', fraction: 0.25 }));
    bar.stop();
    expect(text()).toBe(
      '\r\x1b[2Kreading workload: w.yaml\r\x1b[2Kpreparing workload: checking values of dcgan2 (25%)\r\x1b[2K',
    );
    expect(progressLine(at('elaborating'))).toBe('elaborating');
  });

  it('disabled, it writes nothing', () => {
    const { stream, text } = fakeStream(true);
    const bar = progressReporter({ enabled: false, stream });
    bar.update(at('loading architecture'));
    bar.stop();
    expect(text()).toBe('');
  });
});
