import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// The failure path of `helen verify` as a user meets it: the compiled CLI, a faulty model loaded through
// `node --import` (a test-only plugin patching the compiled generic.unit), exit code, table, file, replay.
const PLUGIN = 'test/api/verify/fixtures/off-by-one-unit.mjs';
const ARCH = 'architectures/examples/demo-chip.yaml';
const PROPERTY = 'generic.unit: a compute op alone takes count × cycles_per_op cycles (or its cycles argument)';

function helen(args: string[], faulty: boolean) {
  const node = faulty ? ['--import', `./${PLUGIN}`] : [];
  const r = spawnSync(process.execPath, [...node, 'bin/helen.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('helen verify from the command line, on a faulty model', () => {
  beforeAll(() => {
    if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is missing: the test command builds first (npm test)');
  });

  it('exits 1, marks the property failed, writes a shrunk counter-example, and its replay fails the same way', () => {
    const out = mkdtempSync(join(tmpdir(), 'helen-verify-cli-'));
    const r = helen(['verify', ARCH, '--component', 'chip.pe[0]', '--runs', '30', '--seed', '5', '--out', out], true);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const row = r.stdout.split('\n').find((l) => l.includes(PROPERTY))!;
    expect(row).toMatch(/\bfailed\b/);
    expect(r.stdout).toMatch(/properties failed/);
    expect(readdirSync(out)).toEqual(['counterexample.jsonl']);
    const cx = readFileSync(join(out, 'counterexample.jsonl'), 'utf8');
    // Shrunk to the fault's boundary: a compute of count 3 (fast-check may leave a harmless second op).
    const ops = cx.split('\n').filter((l) => l.startsWith('{'));
    expect(ops.length).toBeLessThanOrEqual(2);
    expect(ops[0]).toBe('{"to":"chip.pe[0]","op":"compute","id":"op0","count":3}');
    const message = /FAILED [^\n]*\n {2}([^\n]*)/.exec(r.stdout)![1]!;
    expect(message).toMatch(/took 13 cycles alone; count × cycles_per_op gives 12/);

    // The printed replay command re-checks exactly that case, to the same violation.
    const replay = /replay: {4}helen (verify .*)/.exec(r.stdout)![1]!;
    const words = [...replay.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
    const again = helen([...words, '--out', out], true);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(message);

    // The counter-example runs with `helen run` at the printed seed: one cycle longer with the fault than without.
    const seed = /--seed (\d+) --trace/.exec(r.stdout)![1]!;
    const faulty = JSON.parse(
      helen(['run', ARCH, join(out, 'counterexample.jsonl'), '--seed', seed, '--json'], true).stdout,
    );
    const correct = JSON.parse(
      helen(['run', ARCH, join(out, 'counterexample.jsonl'), '--seed', seed, '--json'], false).stdout,
    );
    expect(faulty.stop.reason).toBe('completed');
    expect(faulty.components['chip.pe[0]'].busy_ps - correct.components['chip.pe[0]'].busy_ps).toBe(1000);
  });

  it('the same command on the correct model exits 0 with every property holding', () => {
    const r = helen(
      [
        'verify',
        ARCH,
        '--component',
        'chip.pe[0]',
        '--runs',
        '30',
        '--seed',
        '5',
        '--out',
        mkdtempSync(join(tmpdir(), 'helen-verify-cli-')),
      ],
      false,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/all \d+ properties hold/);
  });
});
