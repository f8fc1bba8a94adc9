import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoSweep } from '../api/sweep/helpers.js';

const STACK = /\n\s+at .+:\d+:\d+/;
const CORES = availableParallelism();
// Nothing listens there: a count that is accepted goes on to fail on the connection instead.
const NO_REDIS = 'redis://127.0.0.1:1';

function helen(args: string[]) {
  const r = spawnSync(process.execPath, ['bin/helen.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('thread counts of helen worker and helen sweep are refused before anything starts', () => {
  beforeAll(() => {
    if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is missing: the test command builds first (npm test)');
  });

  it.each<[string[], RegExp]>([
    [['worker', '--redis', NO_REDIS, '--concurrency', '0'], /--concurrency.*expected a whole number ≥ 1, got "0"/],
    [['worker', '--redis', NO_REDIS, '--concurrency', '-2'], /--concurrency.*expected a whole number ≥ 1, got "-2"/],
    [['worker', '--redis', NO_REDIS, '--concurrency', '1.5'], /--concurrency.*expected a whole number ≥ 1, got "1.5"/],
    [['worker', '--redis', NO_REDIS, '--concurrency', 'many'], /--concurrency.*expected a whole number ≥ 1/],
    [['worker', '--redis', NO_REDIS, '--concurrency', '100000'], /--concurrency 100000 is more than the \d+ core/],
    [
      ['worker', '--redis', NO_REDIS, '--concurrency', String(CORES + 1)],
      new RegExp(`--concurrency ${CORES + 1} is more than the ${CORES} core\\(s\\).*--allow-oversubscribe`),
    ],
    [['worker', '--redis', NO_REDIS, '--lock-timeout', '0'], /--lock-timeout.*expected a whole number ≥ 1, got "0"/],
    [['sweep', 'SWEEP', '--workers', '0'], /--workers.*expected a whole number ≥ 1, got "0"/],
    [['sweep', 'SWEEP', '--workers', '2.5'], /--workers.*expected a whole number ≥ 1, got "2.5"/],
    [['sweep', 'SWEEP', '--workers', String(CORES + 1)], new RegExp(`--workers ${CORES + 1} is more than the`)],
  ])('helen %j', (args, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'helen-threads-'));
    const r = helen(args.map((a) => (a === 'SWEEP' ? demoSweep(dir) : a)));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|cannot reach Redis/);
    expect(r.stderr).not.toMatch(STACK);
    // Refused before any point ran.
    expect(existsSync(join('sweep-results', 'demo'))).toBe(false);
  });

  it('--allow-oversubscribe accepts more threads than cores (a sweep then runs to the end)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helen-threads-'));
    const r = helen([
      'sweep',
      demoSweep(dir),
      '--workers',
      String(CORES + 1),
      '--allow-oversubscribe',
      '--out',
      join(dir, 'out'),
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ran: 6, failed: 0 });
  });
});
