import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMP_PREFIX } from '../../core/io/output-file.js';
import { DEMO_ARCH, slowWorkload, until } from '../api/sweep/helpers.js';

const STACK = /\n\s+at .+:\d+:\d+/;

const temps = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith(TEMP_PREFIX));

describe('an interrupted run', () => {
  beforeAll(() => {
    if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is missing: the test command builds first (npm test)');
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'leaves no hidden temporary file and no partial output after %s, and prints no stack trace',
    async (signal) => {
      const dir = mkdtempSync(join(tmpdir(), 'helen-int-'));
      const workload = slowWorkload(dir, 400_000);
      const child = spawn(
        process.execPath,
        ['bin/helen.js', 'run', DEMO_ARCH, workload, '--trace', join(dir, 't.vcd'), '--out', join(dir, 'out')],
        { env: { ...process.env, CI: '1' }, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<[number | null, NodeJS.Signals | null]>((res) =>
        child.once('exit', (code, sig) => res([code, sig])),
      );
      // The trace's temporary files exist from the start of the simulation.
      await until(() => temps(dir).length > 0 || child.exitCode !== null, 'the run to start writing its trace');
      expect(child.exitCode).toBeNull();
      child.kill(signal);
      const [code, sig] = await exited;
      expect(sig === signal || code === 130 || code === 143).toBe(true);
      await until(() => temps(dir).length === 0, 'the temporary files to be removed', 10_000);
      expect(readdirSync(dir).sort()).toEqual(['slow-ops.jsonl']);
      expect(stderr).not.toMatch(STACK);
    },
  );
});
