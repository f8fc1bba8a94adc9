import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoSweep } from '../api/sweep/helpers.js';

const DEMO = ['architectures/examples/demo-chip.yaml', 'workloads/examples/demo-ops.jsonl'];
const SNN = ['architectures/snn-small.yaml', 'workloads/examples/spikes-small.csv'];
const STACK = /\n\s+at .+:\d+:\d+/;

/** Runs the CLI, bounded: a write that blocks (a FIFO) or loops (mkdir in /proc) fails the test instead of hanging it. */
function helen(args: string[]) {
  const r = spawnSync(process.execPath, ['bin/helen.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
    timeout: 60_000,
  });
  return { code: r.status, signal: r.signal, stderr: r.stderr };
}

/** Kinds of target no output can be written to, made fresh in `dir`. */
const TARGETS = {
  /** An existing folder named as a file. */
  folder: (dir: string, name: string) => {
    mkdirSync(join(dir, name));
    return join(dir, name);
  },
  /** A regular file named as a folder (or as a folder on the way). */
  file: (dir: string, name: string) => {
    writeFileSync(join(dir, name), 'keep');
    return join(dir, name);
  },
  /** A named pipe: writing it blocks until someone reads. */
  fifo: (dir: string, name: string) => {
    expect(spawnSync('mkfifo', [join(dir, name)]).status).toBe(0);
    return join(dir, name);
  },
  /** Where no folder can be made although its parent exists (Node's recursive mkdir loops forever there). */
  proc: (_dir: string, name: string) => `/proc/helen-test-${process.pid}/${name}`,
};

type Row = [
  command: string,
  option: string,
  kind: keyof typeof TARGETS,
  args: (target: string, dir: string) => string[],
  code?: string,
];

const ROWS: Row[] = [
  ['run', '--out', 'file', (t) => ['run', ...DEMO, '--out', t]],
  ['run', '--out', 'proc', (t) => ['run', ...DEMO, '--out', t]],
  ['run', '--report', 'folder', (t) => ['run', ...DEMO, '--report', t]],
  ['run', '--report', 'fifo', (t) => ['run', ...DEMO, '--report', t]],
  ['run', '--spikes-out', 'folder', (t) => ['run', ...SNN, '--spikes-out', t]],
  ['run', '--spikes-out', 'proc', (t) => ['run', ...SNN, '--spikes-out', t]],
  ['run', '--dump-weights', 'fifo', (t) => ['run', ...SNN, '--dump-weights', t]],
  ['run', '--dump-weights', 'file', (t) => ['run', ...SNN, '--dump-weights', join(t, 'w.csv')]],
  ['schema', '--output', 'folder', (t) => ['schema', '-o', t]],
  ['schema', '--output', 'proc', (t) => ['schema', '-o', t]],
  ['sweep', '--out', 'file', (t, dir) => ['sweep', demoSweep(dir), '--out', t, '--workers', '1']],
  ['sweep', '--out', 'proc', (t, dir) => ['sweep', demoSweep(dir), '--out', t, '--workers', '1']],
  ['compare', '--out', 'file', (t) => ['compare', DEMO[0]!, DEMO[0]!, DEMO[1]!, '--out', t]],
  ['run', 'trace output', 'fifo', (t) => ['run', ...DEMO, '--trace', t], 'E_TRACE_IO'],
  ['run', 'trace output', 'proc', (t) => ['run', ...DEMO, '--trace', t], 'E_TRACE_IO'],
];

describe('every output write fails with one located, typed line naming the file and its option (exit 1, never 70, never a hang)', () => {
  beforeAll(() => {
    if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is missing: the test command builds first (npm test)');
  });

  it.each(ROWS)('%s %s on a %s', (_command, option, kind, args, code = 'E_OUTPUT') => {
    const dir = mkdtempSync(join(tmpdir(), 'helen-out-err-'));
    const target = TARGETS[kind](dir, option.includes('trace') ? 'out.vcd' : 'out');
    const r = helen(args(target, dir));
    expect(r.signal).toBeNull();
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.code).toBe(1);
    const line = r.stderr.trim().split('\n').at(-1)!;
    expect(line.startsWith(target)).toBe(true);
    expect(line).toContain(`${option}: cannot write this file: `);
    expect(line.endsWith(`[${code}]`)).toBe(true);
    // The target is as it was.
    if (kind === 'fifo') expect(statSync(target).isFIFO()).toBe(true);
    if (kind === 'folder') expect(statSync(target).isDirectory()).toBe(true);
    if (kind === 'file') expect(statSync(target).isFile()).toBe(true);
  });
});
