import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

const STACK = /\n\s+at .+:\d+:\d+/;

/**
 * Runs the built CLI with its stdout piped into `head -c 1`, a reader that
 * exits (closing the pipe) after its first chunk, as `helen schema | head -1`
 * does. A real OS pipe, through bash: Node's own child pipes are socket pairs
 * whose buffers would hold a whole schema, so the CLI would never see the
 * reader go. Returns the CLI's exit code (PIPESTATUS) and its stderr.
 */
function helenIntoClosingReader(...args: string[]) {
  const r = spawnSync(
    'bash',
    ['-c', '"$0" bin/helen.js "$@" | head -c 1 > /dev/null; echo "${PIPESTATUS[0]}"', process.execPath, ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, CI: '1' },
    },
  );
  return { code: Number(r.stdout.trim()), stderr: r.stderr };
}

describe('a closed output pipe ends a command quietly', () => {
  beforeAll(() => {
    if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is missing: the test command builds first (npm test)');
  });

  it('helen schema (130 kB, more than a pipe holds) into a reader that stops after its first chunk: exit 0, nothing on stderr', () => {
    const r = helenIntoClosingReader('schema');
    expect(r.stderr).not.toMatch(/EPIPE/);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
