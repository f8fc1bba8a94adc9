import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const FORBID = join(ROOT, 'test/cli/forbid-redis.mjs');

/** Node with every import of bullmq or ioredis made to fail. */
function nodeWithoutRedis(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', FORBID, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('BullMQ and ioredis load only for distributed sweeps', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/cli/main.js')))
      throw new Error('dist/ is missing: the test command builds first (npm test)');
  });

  it('the guard itself works: importing bullmq fails under it', () => {
    const r = nodeWithoutRedis('--input-type=module', '-e', "await import('bullmq')");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/forbidden import of bullmq/);
  });

  it('the public API imports without them', () => {
    const r = nodeWithoutRedis(
      '--input-type=module',
      '-e',
      "const api = await import('./dist/api/index.js'); console.log(typeof api.runSimulation, typeof api.defaultSession)",
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('function function');
  });

  it('helen run and a local sweep run without them', () => {
    const run = nodeWithoutRedis(
      'bin/helen.js',
      'run',
      'architectures/examples/demo-chip.yaml',
      'workloads/examples/demo-ops.jsonl',
      '--json',
    );
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).cycles).toBe(114);
    const dir = mkdtempSync(join(tmpdir(), 'helen-lazy-'));
    writeFileSync(
      join(dir, 'sweep.yaml'),
      `architecture: ${join(ROOT, 'architectures/examples/demo-chip.yaml')}\nworkload: ${join(ROOT, 'workloads/examples/demo-ops.jsonl')}\ngrid:\n  stages: [3, 4]\nmetrics: [cycles]\n`,
    );
    const sweep = nodeWithoutRedis(
      'bin/helen.js',
      'sweep',
      join(dir, 'sweep.yaml'),
      '--workers',
      '1',
      '--out',
      join(dir, 'out'),
      '--json',
    );
    expect(sweep.stderr).toBe('');
    expect(JSON.parse(sweep.stdout)).toMatchObject({ ok: 2, failed: 0 });
  });

  it('a distributed sweep does load them (the guard sees the import)', () => {
    const r = nodeWithoutRedis('bin/helen.js', 'worker', '--redis', 'redis://127.0.0.1:1');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/forbidden import of (bullmq|ioredis)/);
  });
});
