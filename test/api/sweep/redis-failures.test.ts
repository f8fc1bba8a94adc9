import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import {
  RedisSweepQueue,
  runSweep,
  startSweepWorker,
  type PointResult,
  type SweepWorker,
} from '../../../api/sweep/index.js';
import { HelenError } from '../../../core/index.js';
import { REDIS_SERVER, skipWithoutTools } from '../../support/system-tools.js';
import {
  demoSweep,
  requireBuild,
  ROOT,
  slowWorkload,
  startRedis,
  tempDir,
  until,
  type RedisServer,
} from './helpers.js';

const STACK = /\n\s+at .+:\d+:\d+/;

/** Runs `helen ARGS…` to its end, bounded: the old code hung in each of these cases. */
function helen(args: string[], onStderr?: (all: string) => void) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((res) => {
    const child = spawn(process.execPath, ['bin/helen.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, CI: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 60_000,
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr);
    });
    child.once('exit', (code, signal) => res({ code, signal, stderr }));
  });
}

const rowsIn = (dir: string): PointResult[] => {
  try {
    return readFileSync(join(dir, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as PointResult);
  } catch {
    return [];
  }
};

describe.skipIf(skipWithoutTools([REDIS_SERVER], 'Redis failing after start-up'))(
  'Redis failing after start-up: one clear message, a bounded wait, vanished jobs submitted again',
  () => {
    const cleanup: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
    });
    const redisServer = async (port?: number): Promise<RedisServer> => {
      const r = await startRedis(port);
      cleanup.push(() => r.stop());
      return r;
    };
    const worker = async (url: string, queueName: string): Promise<SweepWorker> => {
      const w = await startSweepWorker({ url, queueName, concurrency: 1, lockTimeoutMs: 1000, timeoutMs: 30_000 });
      cleanup.push(() => w.close());
      return w;
    };

    it.each([
      ['helen sweep', (url: string, dir: string) => ['sweep', demoSweep(dir), '--redis', url, '--out', join(dir, 'o')]],
      ['helen worker', (url: string) => ['worker', '--redis', url]],
    ])('%s on a database the server does not have (/99): one located line, exit 1', async (_what, args) => {
      requireBuild();
      const redis = await redisServer();
      const r = await helen(args(`${redis.url}/99`, tempDir()));
      expect(r.signal).toBeNull();
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stderr.trim()).toBe(
        `Redis at ${redis.url}/99 has no database 99 (ERR DB index is out of range): the server's "databases" setting bounds the number after the port (16 by default: 0 to 15) [E_REDIS_URL]`,
      );
      expect(r.code).toBe(1);
    });

    it.each([
      {
        command: 'helen sweep',
        args: (url: string, dir: string) => ['sweep', demoSweep(dir), '--redis', url, '--out', join(dir, 'o')],
        // No worker serves the queue: once the points are submitted, the server goes away.
        started: 'to run on the workers',
        last: /gave up after --redis-timeout 2 s; .*run the same command again to resume \[E_REDIS\]$/,
      },
      {
        command: 'helen worker',
        args: (url: string) => ['worker', '--redis', url],
        started: 'Ctrl-C to stop',
        last: /gave up after --redis-timeout 2 s \[E_REDIS\]$/,
      },
    ])(
      '$command with its server shut down says so once, waits --redis-timeout, then stops with E_REDIS (exit 1, no stack trace)',
      async ({ command, args, started, last }) => {
        requireBuild();
        const redis = await redisServer();
        let stopped = false;
        const r = await helen([...args(redis.url, tempDir()), '--redis-timeout', '2'], (err) => {
          if (!stopped && err.includes(started)) {
            stopped = true;
            void redis.stop();
          }
        });
        expect(stopped).toBe(true);
        expect(r.signal).toBeNull();
        expect(r.stderr).not.toMatch(STACK);
        expect(r.stderr).not.toMatch(/ECONNREFUSED[^;]*\n.*ECONNREFUSED/s);
        const lines = r.stderr.trim().split('\n');
        expect(lines.filter((l) => l.includes('lost the connection to Redis'))).toEqual([
          expect.stringMatching(
            new RegExp(`^${command}: lost the connection to Redis at .*waiting up to 2 s .*\\(--redis-timeout\\)$`),
          ),
        ]);
        expect(lines.at(-1)).toMatch(/^Redis at redis:\/\/127\.0\.0\.1:\d+ has been unreachable for [\d.]+ s /);
        expect(lines.at(-1)).toMatch(last);
        expect(r.code).toBe(1);
      },
    );

    it('jobs that vanish (FLUSHALL) are found and submitted again: every point completes once', async () => {
      const redis = await redisServer();
      const dir = tempDir();
      const queueName = 'helen-flushall';
      const notices: string[] = [];
      const executor = await RedisSweepQueue.connect({
        url: redis.url,
        attempts: 3,
        queueName,
        pollMs: 250,
        onNotice: (m) => notices.push(m),
      });
      const out = join(dir, 'out');
      const sweep = runSweep({ sweepFile: demoSweep(dir, '', slowWorkload(dir, 10_000)), outDir: out, executor });
      await worker(redis.url, queueName);
      await until(() => rowsIn(out).length >= 1, 'a first row');
      const admin = new Redis(redis.url);
      cleanup.push(async () => admin.disconnect());
      await admin.flushall();
      const result = await sweep;
      expect(result.rows.map((r) => r.status)).toEqual(Array(6).fill('ok'));
      const keys = rowsIn(out).map((r) => r.key);
      expect(new Set(keys).size).toBe(6);
      expect(keys).toHaveLength(6);
      expect(notices.some((n) => /point\(s\) vanished from Redis .* submitted again/.test(n))).toBe(true);
    }, 90_000);

    it('a restart without persistence is survived: lost, back, the vanished points submitted again; after a give-up, running again resumes', async () => {
      const redis = await redisServer();
      const port = Number(new URL(redis.url).port);
      const dir = tempDir();
      const file = demoSweep(dir, '', slowWorkload(dir, 30_000));
      const out = join(dir, 'out');
      const queueName = 'helen-restart';
      const notices: string[] = [];
      const connect = (url: string, timeoutMs: number) =>
        RedisSweepQueue.connect({
          url,
          attempts: 3,
          queueName,
          pollMs: 250,
          timeoutMs,
          onNotice: (m) => notices.push(m),
        });

      // A restart within the deadline: the sweep goes on.
      const sweep = runSweep({ sweepFile: file, outDir: out, executor: await connect(redis.url, 30_000) });
      await worker(redis.url, queueName);
      await until(() => rowsIn(out).length >= 1, 'a first row');
      await redis.stop();
      await until(() => notices.some((n) => n.includes('lost the connection')), 'the loss to be noticed');
      await redisServer(port);
      const result = await sweep;
      expect(result.rows.map((r) => r.status)).toEqual(Array(6).fill('ok'));
      expect(new Set(rowsIn(out).map((r) => r.key)).size).toBe(6);
      expect(notices.filter((n) => n.includes('lost the connection'))).toHaveLength(1);
      expect(notices.some((n) => /Redis at .* is back after/.test(n))).toBe(true);

      // A server gone for good: the sweep stops at the deadline; with Redis back, running it again resumes.
      const dir2 = tempDir();
      const file2 = demoSweep(dir2, '', slowWorkload(dir2, 10_000));
      const out2 = join(dir2, 'out');
      const redis2 = await redisServer();
      const stopping = runSweep({ sweepFile: file2, outDir: out2, executor: await connect(redis2.url, 1500) });
      await worker(redis2.url, queueName);
      await until(() => rowsIn(out2).length >= 1, 'a first row');
      await redis2.stop();
      const error = await stopping.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(HelenError);
      expect((error as HelenError).code).toBe('E_REDIS');
      const before = rowsIn(out2).length;
      expect(before).toBeLessThan(6);
      const redis3 = await redisServer();
      await worker(redis3.url, queueName);
      const resumed = await runSweep({ sweepFile: file2, outDir: out2, executor: await connect(redis3.url, 30_000) });
      expect(resumed.ran).toBe(6 - before);
      expect(new Set(rowsIn(out2).map((r) => r.key)).size).toBe(6);
    }, 120_000);
  },
);
