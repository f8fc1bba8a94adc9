import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_SERVER, skipWithoutTools } from '../../support/system-tools.js';
import {
  parseRedisUrl,
  RedisSweepQueue,
  runPoint,
  runSweep,
  startSweepWorker,
  SWEEP_QUEUE,
  type PointResult,
} from '../../../api/sweep/index.js';
import { demoSweep, requireBuild, ROOT, slowWorkload, startRedis, tempDir, type RedisServer } from './helpers.js';

const outcome = (r: PointResult) => ({
  key: r.key,
  index: r.index,
  params: r.params,
  status: r.status,
  metrics: r.metrics,
  error: r.error,
});

const TOY = join(ROOT, 'test/fixtures/plugins/toy.js');

function cliWorker(url: string, ...extra: string[]): ChildProcess {
  return spawn(
    process.execPath,
    ['bin/helen.js', ...extra, 'worker', '--redis', url, '--concurrency', '1', '--lock-timeout', '1'],
    { cwd: ROOT, stdio: 'ignore', env: { ...process.env, CI: '1' } },
  );
}

/** Stops a child worker and waits for it to be gone. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((res) => {
    child.once('exit', () => res());
    child.kill('SIGTERM');
  });
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(skipWithoutTools([REDIS_SERVER], 'distributed sweeps on a real Redis'))(
  'distributed sweeps on a real Redis',
  () => {
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
        const lines = readFileSync(join(dir, 'remote', 'results.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as PointResult);
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

    it('a worker without a plug-in a point needs refuses it by name; a worker with it runs it', async () => {
      const dir = tempDir();
      for (const f of ['toy-chip.yaml', 'ticks.toy']) cpSync(join(ROOT, 'test/fixtures/plugins', f), join(dir, f));
      const file = join(dir, 'toy-sweep.yaml');
      writeFileSync(
        file,
        'architecture: toy-chip.yaml\nworkload: ticks.toy\ngrid:\n  counter.cycles_per_tick: [1, 2, 3]\nmetrics: [cycles]\nattempts: 2\n',
      );
      // A database of its own: no worker of another test takes these points.
      const url = `${redis.url}/2`;
      const submit = (...extra: string[]) => {
        const r = spawnSync(
          process.execPath,
          [
            'bin/helen.js',
            '--plugin',
            TOY,
            'sweep',
            file,
            '--redis',
            url,
            '--out',
            join(dir, 'out'),
            '--json',
            ...extra,
          ],
          { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: '1' }, timeout: 60_000 },
        );
        const rows = readFileSync(join(dir, 'out', 'results.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as PointResult);
        return { code: r.status, rows: rows.slice(-3) };
      };

      const lacking = cliWorker(url);
      children.push(lacking);
      const refused = submit();
      await stop(lacking);
      expect(refused.code).toBe(4);
      for (const row of refused.rows) {
        expect(row.status).toBe('error');
        expect(row.error_code).toBe('E_PLUGIN_MISSING');
        expect(row.error).toMatch(
          new RegExp(
            `^worker [^ ]+:${lacking.pid} lacks plug-in "helen-toy" \\(from ${TOY.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\); start helen worker with --plugin for it, or list it in the worker's helen.config.js \\(refused 2 time\\(s\\)\\) \\[E_PLUGIN_MISSING\\]$`,
          ),
        );
      }

      const equipped = cliWorker(url, '--plugin', TOY);
      children.push(equipped);
      try {
        const ran = submit('--retry-errors');
        expect(ran.code).toBe(0);
        expect(
          ran.rows.map((r) => [r.status, r.metrics['cycles'], r.worker?.endsWith(`:${equipped.pid}`)]).sort(),
        ).toEqual([
          ['ok', 14, true],
          ['ok', 21, true],
          ['ok', 7, true],
        ]);
      } finally {
        await stop(equipped);
      }
    });

    it('an unreachable Redis is a clear error, not a hang', async () => {
      await expect(RedisSweepQueue.connect({ url: 'redis://127.0.0.1:1', attempts: 1 })).rejects.toThrowError(
        /cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .*is redis-server running there/,
      );
      await expect(startSweepWorker({ url: 'redis://127.0.0.1:1' })).rejects.toMatchObject({ code: 'E_REDIS' });
      expect(() => parseRedisUrl('http://x')).toThrowError(/expected redis:\/\//);
    });
  },
);
