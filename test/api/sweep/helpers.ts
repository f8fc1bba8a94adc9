import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const DEMO_ARCH = join(ROOT, 'architectures/examples/demo-chip.yaml');
export const DEMO_OPS = join(ROOT, 'workloads/examples/demo-ops.jsonl');

/** A fresh temporary folder. */
export function tempDir(prefix = 'helen-sweep-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a sweep file into `dir` and returns its path. */
export function writeSweep(dir: string, text: string, name = 'sweep.yaml'): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A demo-chip sweep of `stages × op_energy` (6 short points) with the given extra lines. */
export function demoSweep(dir: string, extra = '', workload = DEMO_OPS): string {
  return writeSweep(
    dir,
    `name: demo
architecture: ${DEMO_ARCH}
workload: ${workload}
grid:
  stages: [3, 4, 5]
  op_energy: [1pJ, 2.5pJ]
metrics: [cycles, energy_pj, area_mm2, phases.compute.cycles]
pareto: { x: energy_pj, y: cycles }
${extra}`,
  );
}

/** An operation trace long enough that one point takes a noticeable time (~20 µs of wall time per op). */
export function slowWorkload(dir: string, ops: number): string {
  const file = join(dir, 'slow-ops.jsonl');
  const lines: string[] = [JSON.stringify({ phase: 'compute' })];
  for (let i = 0; i < ops; i++) lines.push(JSON.stringify({ to: `chip.pe[${i % 2}]`, op: 'compute', count: 1 }));
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Polls `check` every 50 ms until it holds, failing after `timeoutMs` (a generous bound, not a timing claim). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Fails loudly when dist/ is missing: worker threads and child workers load compiled JavaScript. */
export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist/api/sweep/worker.js')))
    throw new Error('dist/api/sweep/worker.js is missing: the test command builds first (npm test, or npm run build)');
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

/** A private redis-server on a free loopback port, without persistence. */
export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts a private redis-server, on `port` when given (to restart one where its clients expect it). */
export async function startRedis(port?: number): Promise<RedisServer> {
  port ??= await freePort();
  const proc: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`redis-server did not start on port ${port}`)), 5000);
    proc.stdout!.on('data', (d: Buffer) => {
      if (/ready to accept connections/i.test(d.toString())) {
        clearTimeout(timer);
        res();
      }
    });
    proc.on('exit', (code) => rej(new Error(`redis-server exited with ${code}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((res) => {
        if (proc.exitCode !== null) return res();
        proc.once('exit', () => res());
        proc.kill('SIGTERM');
      }),
  };
}
