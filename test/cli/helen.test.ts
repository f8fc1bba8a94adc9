import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { helen } from '../support/cli.js';

const ARCH = 'architectures/examples/demo-chip.yaml';
const OPS = 'workloads/examples/demo-ops.jsonl';
const STACK = /\n\s+at .+:\d+:\d+/;

describe('the helen command', () => {
  beforeAll(() => {
    if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is missing: the test command builds first (npm test)');
  });

  it('run --json prints one JSON object with the documented fields', () => {
    const r = helen('run', ARCH, OPS, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const key of [
      'architecture',
      'workload',
      'cycles',
      'time_ps',
      'energy_pj',
      'area_mm2',
      'events',
      'components',
      'phases',
    ])
      expect(j).toHaveProperty(key);
    expect(j.cycles).toBe(114);
    expect(j.phases[0]).toMatchObject({ name: 'load', cycles: 34, time_ps: 34000 });
    expect(j.components['chip.sram']).toHaveProperty('busy_ps');
  });

  it('run prints a readable summary and writes its outputs atomically with --out', () => {
    const out = mkdtempSync(join(tmpdir(), 'helen-out-'));
    const r = helen('run', ARCH, OPS, '--out', out, '--set', 'stages=3');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/114 cycles at 1 GHz/);
    expect(r.stdout).toMatch(/phases:/);
    expect(readdirSync(out).sort()).toEqual(['report.json', 'summary.txt']);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).cycles).toBe(114);
  });

  it('a failed run writes no output file and prints a located error without a stack trace', () => {
    const out = mkdtempSync(join(tmpdir(), 'helen-out-'));
    const bad = join(out, 'bad.jsonl');
    writeFileSync(bad, '{"to": "chip.nowhere", "op": "compute"}\n');
    const r = helen('run', ARCH, bad, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:1:2: to: no component "chip.nowhere"`);
    expect(r.stderr).not.toMatch(STACK);
    expect(readdirSync(out)).toEqual(['bad.jsonl']);
  });

  it('--set on an unknown path is an error with a suggestion', () => {
    const r = helen('run', ARCH, OPS, '--set', 'chip.pe.cycles_per_opp=2');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /--set: chip.pe.cycles_per_opp: no such variable or parameter; did you mean "chip.pe.cycles_per_op"\?/,
    );
  });

  it('a bounded run says why it stopped and exits 3', () => {
    const r = helen('run', ARCH, OPS, '--max-time', '50ns', '--json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).stop.reason).toBe('max-time');
  });

  it('compare prints the speed-up and energy saving per phase and in total', () => {
    const r = helen('compare', ARCH, 'architectures/examples/demo-chip-fast.yaml', OPS, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.total.speedup).toBeCloseTo(114 / 108, 9);
    expect(j.phases.map((p: { name: string }) => p.name)).toEqual(['load', 'compute', 'store']);
    const text = helen('compare', ARCH, 'architectures/examples/demo-chip-fast.yaml', OPS).stdout;
    expect(text).toMatch(/total\s+114\s+108\s+1\.06×/);
  });

  it('validate, schema and list work and are documented', () => {
    expect(helen('validate', ARCH, 'architectures/examples/demo-chip-fast.yaml').stdout).toMatch(
      /demo-chip.yaml: ok \(5 components\)/,
    );
    const schema = JSON.parse(helen('schema').stdout);
    expect(schema.definitions['params.generic.unit'].properties.energy_per_op.description).toMatch(/\[pJ\]/);
    expect(helen('list').stdout).toMatch(/generic\.unit\s+a processing unit/);
    expect(helen('list', 'generic.memory').stdout).toMatch(/capacity\s+integer\s+bytes\s+\(required\)/);
    const unknown = helen('list', 'generic.memroy');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/did you mean "generic.memory"/);
  });

  it('bench phold reproduces the reference checksum', () => {
    const j = JSON.parse(helen('bench', 'phold', '64', '4', '5000', '12345').stdout);
    expect([j.events, j.checksum]).toEqual([25181, 87775636]);
  });
});
