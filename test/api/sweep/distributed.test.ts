import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRedisUrl, RedisSweepQueue, runPoint, runSweep, startSweepWorker, SWEEP_QUEUE, type PointResult } from '../../../api/sweep/index.js';
import { demoSweep, requireBuild, ROOT, slowWorkload, startRedis, tempDir, type RedisServer } from './helpers.js';

const outcome = (r: PointResult) => ({ key: r.key, index: r.index, params: r.params, status: r.status, metrics: r.metrics, error: r.error });

function cliWorker(url: string): ChildProcess {
  return spawn(process.execPath, ['bin/helen.js', 'worker', '--redis', url, '--concurrency', '1', '--lock-timeout', '1'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, CI: '1' } });
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('distributed sweeps on a real Redis', () => {
  let redis: RedisServer;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    requireBuild();
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await redis?.stop();
  });

  it('a worker killed in the middle of a point loses nothing: every point completes exactly once, as in a local run', async () => {
    const dir = tempDir();
    const file = demoSweep(dir, '', slowWorkload(dir, 20_000));
    const local = await runSweep({ sweepFile: file, outDir: join(dir, 'local'), workers: 2 });
    expect(local.rows.map((r) => r.status)).toEqual(Array(6).fill('ok'));

    const doomed = cliWorker(redis.url);
    children.push(doomed);
    const queue = new Queue(SWEEP_QUEUE, { connection: parseRedisUrl(redis.url) });
    const executor = await RedisSweepQueue.connect({ url: redis.url, attempts: 3, pollMs: 250 });
    const sweep = runSweep({ sweepFile: file, outDir: join(dir, 'remote'), executor });
    // The doomed worker is the only one: once a job is active, it is in the middle of that point.
    await until(async () => (await queue.getActiveCount()) > 0, 'the first worker to take a point');
    await new Promise((r) => setTimeout(r, 150));
    doomed.kill('SIGKILL');
    const survivorA = cliWorker(redis.url);
    children.push(survivorA);
    const survivorB = await startSweepWorker({ url: redis.url, concurrency: 1, lockTimeoutMs: 1000 });
    try {
      const remote = await sweep;
      expect(remote.rows.map(outcome)).toEqual(local.rows.map(outcome));
      const lines = readFileSync(join(dir, 'remote', 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as PointResult);
      expect(lines).toHaveLength(6);
      expect(new Set(lines.map((l) => l.key)).size).toBe(6);
      // The killed worker finished nothing; its point was taken over.
      expect(lines.some((l) => l.worker?.endsWith(`:${doomed.pid}`))).toBe(false);
      expect(new Set(lines.map((l) => l.worker)).size).toBeGreaterThan(0);
    } finally {
      await survivorB.close();
      survivorA.kill('SIGTERM');
      await queue.close();
    }
  });

  it('a point that keeps failing is reported with its error after `attempts` tries; the others complete', async () => {
    const dir = tempDir();
    const file = demoSweep(dir);
    const queueName = 'helen-sweep-attempts';
    const tries = new Map<string, number>();
    const worker = await startSweepWorker({
      url: redis.url,
      queueName,
      concurrency: 2,
      lockTimeoutMs: 2000,
      runPoint: async (task) => {
        tries.set(task.key, (tries.get(task.key) ?? 0) + 1);
        if (task.params['stages'] === 4) throw new Error('simulated crash of a model');
        return runPoint(task);
      },
    });
    try {
      const executor = await RedisSweepQueue.connect({ url: redis.url, attempts: 2, queueName, pollMs: 250 });
      const res = await runSweep({ sweepFile: file, outDir: join(dir, 'out'), executor });
      const failed = res.rows.filter((r) => r.status === 'error');
      expect(failed.map((r) => r.params['stages'])).toEqual([4, 4]);
      for (const r of failed) {
        expect(r.error_code).toBe('E_POINT_FAILED');
        expect(r.error).toMatch(/failed 2 time\(s\), giving up: simulated crash of a model/);
        expect(tries.get(r.key)).toBe(2);
      }
      expect(res.rows.filter((r) => r.status === 'ok')).toHaveLength(4);
    } finally {
      await worker.close();
    }
  });

  it('an unreachable Redis is a clear error, not a hang', async () => {
    await expect(RedisSweepQueue.connect({ url: 'redis://127.0.0.1:1', attempts: 1 })).rejects.toThrowError(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .*is redis-server running there/);
    await expect(startSweepWorker({ url: 'redis://127.0.0.1:1' })).rejects.toMatchObject({ code: 'E_REDIS' });
    expect(() => parseRedisUrl('http://x')).toThrowError(/expected redis:\/\//);
  });
});
