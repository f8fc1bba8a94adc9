import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockFolder, SWEEP_LOCK } from '../../../api/sweep/folder-lock.js';
import { errorOf } from '../../support/helen-error.js';
import { demoSweep, requireBuild, ROOT, slowWorkload, tempDir } from './helpers.js';

/** The pid of a process that has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

const owner = (pid: number, host = hostname()) => JSON.stringify({ pid, host, started: '2025-01-01T00:00:00Z' });

describe('lockFolder: one sweep writes an output folder at a time; a lock of a dead process is taken over', () => {
  it.each<[string, (() => string) | undefined, 'taken' | RegExp]>([
    ['no lock', undefined, 'taken'],
    ['a lock of a process that has ended', () => owner(deadPid()), 'taken'],
    [
      'a lock with this pid that this process does not hold (pid reused after a restart)',
      () => owner(process.pid),
      'taken',
    ],
    ['a lock file that is not a lock (garbage)', () => 'garbage', 'taken'],
    ['a lock of a running process', () => owner(process.ppid), new RegExp(`pid ${process.ppid} on ${hostname()}`)],
    [
      'a lock of a process on another host (its liveness cannot be known)',
      () => owner(deadPid(), 'elsewhere'),
      /on elsewhere/,
    ],
  ])('%s', (_what, existing, expected) => {
    const dir = tempDir();
    const content = existing?.();
    if (content !== undefined) writeFileSync(join(dir, SWEEP_LOCK), content);
    if (expected === 'taken') {
      const lock = lockFolder(dir);
      expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
      lock.release();
      expect(existsSync(join(dir, SWEEP_LOCK))).toBe(false);
      return;
    }
    const h = errorOf(() => lockFolder(dir));
    expect(h.code).toBe('E_SWEEP_LOCKED');
    expect(h.location?.file).toBe(dir);
    expect(h.message).toMatch(expected);
    expect(h.message).toContain(join(dir, SWEEP_LOCK));
    // The other owner's lock is left as it was.
    expect(readFileSync(join(dir, SWEEP_LOCK), 'utf8')).toBe(content);
  });

  it('a second lock of the same folder by this process is refused until the first is released', () => {
    const dir = tempDir();
    const first = lockFolder(dir);
    expect(() => lockFolder(dir)).toThrow(/another helen sweep \(pid \d+/);
    first.release();
    lockFolder(dir).release();
  });

  it('release leaves a lock that another process has taken since alone', () => {
    const dir = tempDir();
    const lock = lockFolder(dir);
    writeFileSync(lock.file, owner(process.ppid));
    lock.release();
    expect(readFileSync(lock.file, 'utf8')).toBe(owner(process.ppid));
  });
});

/** Runs `helen ARGS…` to its end. */
function helen(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, ['bin/helen.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, CI: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => res({ code, stdout, stderr }));
  });
}

describe('two helen sweep processes on one output folder', () => {
  it('run each point once: the second is refused while the first runs, naming the folder and its pid', async () => {
    requireBuild();
    const dir = tempDir();
    const file = demoSweep(dir, '', slowWorkload(dir, 30_000));
    const out = join(dir, 'out');
    const args = ['sweep', file, '--out', out, '--workers', '1', '--json'];
    const [a, b] = await Promise.all([helen(args), helen(args)]);
    const lines = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n');
    const keys = lines.map((l) => (JSON.parse(l) as { key: string }).key);
    expect(new Set(keys).size).toBe(6);
    expect(keys).toHaveLength(6);
    // Each run either did its share or was refused; together they ran every point once.
    const ran = [a, b].map((r) => (r.code === 0 ? (JSON.parse(r.stdout) as { ran: number }).ran : 0));
    expect(ran[0]! + ran[1]!).toBe(6);
    for (const r of [a, b].filter((r) => r.code !== 0)) {
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toMatch(
        new RegExp(
          `^${out}: another helen sweep \\(pid \\d+ on .*\\) is writing this output folder.*\\[E_SWEEP_LOCKED\\]$`,
        ),
      );
    }
    expect(existsSync(join(out, SWEEP_LOCK))).toBe(false);
  }, 120_000);
});
