import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

function helen(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/helen.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const GEMMS = join(mkdtempSync(join(tmpdir(), 'helen-cli-tables-')), 'gemms.csv');
writeFileSync(GEMMS, 'Layer, M, N, K,\na, 40, 50, 30,\n');

describe('helen run --energy-table / --area-table', () => {
  beforeAll(() => {
    if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is missing: the test command builds first (npm test)');
  });

  it('prints one match line per table entry on stderr and the energyTable section in --json', () => {
    const r = helen(
      'run',
      'architectures/systolic-os-32.yaml',
      GEMMS,
      '--energy-table',
      'architectures/examples/accelergy/systolic-os-32.ERT.yaml',
      '--area-table',
      'architectures/examples/accelergy/systolic-os-32.ART.yaml',
      '--json',
      '--no-progress',
    );
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      "energy table architectures/examples/accelergy/systolic-os-32.ERT.yaml:11:13: system_top_level.array[1..1]: matched chip.array (1 instance, last level): compute 0.315 pJ → mac_energy = 0.315pJ; leak: unmatched (systolic.array's leakage is the whole array's; an ERT leak is one MAC's)",
      'area table architectures/examples/accelergy/systolic-os-32.ART.yaml:9:13: system_top_level.array[1..1]: matched chip.array (1 instance, last level): area 417 µm² → pe_area = 417um2',
    ]);
    const j = JSON.parse(r.stdout);
    expect(j.energyTable.entries.map((e: { matched: boolean }) => e.matched)).toEqual([true, true]);
  });

  it('compare applies the tables to both architectures and labels the lines A and B', () => {
    const r = helen(
      'compare',
      'architectures/systolic-os-32.yaml',
      'architectures/systolic-os-32.yaml',
      GEMMS,
      '--energy-table',
      'architectures/examples/accelergy/systolic-os-32.ERT.yaml',
      '--json',
      '--no-progress',
    );
    expect(r.code).toBe(0);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .map((l) => l.slice(0, 15)),
    ).toEqual(['A: energy table', 'B: energy table']);
    const j = JSON.parse(r.stdout);
    expect([j.a.energyTable.matched, j.b.energyTable.matched]).toEqual([1, 1]);
  });
});
