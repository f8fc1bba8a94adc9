import { spawnSync } from 'node:child_process';

/** What one `helen` process did: exit code and both streams. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`bin/helen.js`, i.e. dist/) with `args` in a child process, as CI would (CI=1: no progress bar). */
export function helen(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, ['bin/helen.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
