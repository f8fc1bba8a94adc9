import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  elaborate,
  formatEnergyTableReport,
  loadArchitecture,
  readReferenceTable,
  ReferenceTables,
  type Component,
  type ComponentRegistry,
  type EntryOutcome,
} from '../../../core/index.js';
import { defaultRegistry, sessionWith } from '../../support/session.js';

const dir = mkdtempSync(join(tmpdir(), 'helen-table-match-'));
const ARCH = join(dir, 'chip.yaml');
writeFileSync(
  ARCH,
  `name: t
clock: 1GHz
components:
  chip:
    type: generic.group
    children:
      pe:
        type: generic.unit
        count: 4
        params: { energy_per_op: 2pJ, energy_per_message: 0.5pJ }
      buf:
        type: memory.buffer
        params: { read_energy: 1pJ, write_energy: 1pJ }
      tile:
        type: generic.group
        children:
          pe:
            type: generic.unit
`,
);

let tables = 0;
/** Elaborates the architecture with the ERT (and ART) texts applied; returns the model and the report. */
function apply(
  ert: string,
  options: { art?: string; overrides?: [string, string][]; registry?: ComponentRegistry } = {},
) {
  const registry = options.registry ?? defaultRegistry();
  const files = [['energy', ert] as const, ...(options.art ? [['area', options.art] as const] : [])];
  const read = files.map(([kind, text]) => {
    const file = join(dir, `table-${tables++}.yaml`);
    writeFileSync(file, text);
    return readReferenceTable(file, kind);
  });
  const spec = loadArchitecture(ARCH, { registry });
  const source = new ReferenceTables(read, spec);
  const model = elaborate(spec, { registry, overrides: new Map(options.overrides ?? []), parameterSource: source });
  const param = (path: string, key: string): unknown => (model.sim.component(path) as Component).params[key];
  return { report: source.report(), param, model };
}

const ert = (version: string, entries: string): string => `ERT:\n  version: '${version}'\n  tables:\n${entries}`;
const entry = (name: string, actions: [string, number, string?][]): string =>
  `  - name: ${name}\n    actions:\n${actions.map(([a, e, args]) => `    - name: ${a}\n      arguments: ${args ?? '{}'}\n      energy: ${e}\n`).join('')}`;

function only(report: { entries: EntryOutcome[] }): EntryOutcome {
  expect(report.entries).toHaveLength(1);
  return report.entries[0]!;
}

describe('matching reference tables to components', () => {
  it('a full name with a 0.3 range sets every instance it covers; the default rule finds energy_per_<action>', () => {
    const { report, param } = apply(
      ert(
        '0.3',
        entry('chip.pe[0..3]', [
          ['op', 3],
          ['message', 0.25],
        ]),
      ),
    );
    const e = only(report);
    expect(e).toMatchObject({ matched: true, component: 'chip.pe', instances: 4, rule: 'full name' });
    expect(e.actions!.map((a) => [a.action, a.parameter])).toEqual([
      ['op', 'energy_per_op'],
      ['message', 'energy_per_message'],
    ]);
    for (let i = 0; i < 4; i++) {
      expect(param(`chip.pe[${i}]`, 'energy_per_op')).toBe(3);
      expect(param(`chip.pe[${i}]`, 'energy_per_message')).toBe(0.25);
    }
    expect(param('chip.tile.pe', 'energy_per_op')).toBe(0);
  });

  it('leading levels Helen lacks are dropped; a range picks instances (from 0 in 0.3, from 1 in 0.4)', () => {
    const v3 = apply(ert('0.3', entry('system.chip.pe[1..2]', [['op', 7]])));
    expect(only(v3.report)).toMatchObject({ instances: 2, rule: 'name without its first level' });
    expect([0, 1, 2, 3].map((i) => v3.param(`chip.pe[${i}]`, 'energy_per_op'))).toEqual([2, 7, 7, 2]);
    const v4 = apply(ert('0.4', entry('system_top_level.chip.pe[1..2]', [['op', 7]])));
    expect([0, 1, 2, 3].map((i) => v4.param(`chip.pe[${i}]`, 'energy_per_op'))).toEqual([7, 7, 2, 2]);
  });

  it('a last level names a component when exactly one ends with it; otherwise the reason says which', () => {
    const unique = apply(ert('0.4', entry('system_top_level.buf[1..1]', [['read', 5]])));
    expect(only(unique.report)).toMatchObject({ matched: true, component: 'chip.buf', rule: 'last level' });
    expect(unique.param('chip.buf', 'read_energy')).toBe(5);
    const ambiguous = apply(ert('0.4', entry('system_top_level.pe[1..4]', [['op', 5]])));
    expect(only(ambiguous.report)).toMatchObject({
      matched: false,
      reason: 'ambiguous: its last level "pe" ends chip.pe, chip.tile.pe',
    });
    const missing = apply(ert('0.3', entry('system.chip.bufr', [['read', 5]])));
    expect(only(missing.report).reason).toBe(
      'no such component: no Helen path is a tail of system.chip.bufr (did you mean chip.buf?)',
    );
  });

  it('an action with several argument combinations uses the largest energy, and reports the spread', () => {
    const { report, param } = apply(
      ert(
        '0.3',
        entry('chip.buf', [
          ['read', 4, '{ data_delta: 0 }'],
          ['read', 8, '{ data_delta: 1 }'],
          ['read', 6, '{ data_delta: 2 }'],
        ]),
      ),
    );
    expect(only(report).actions![0]).toMatchObject({ energy_pj: 8, min_energy_pj: 4, combinations: 3 });
    expect(param('chip.buf', 'read_energy')).toBe(8);
  });

  it('leak (pJ per cycle) sets leakage: per the component clock, or per the cycle Accelergy 0.4 names', () => {
    const own = apply(ert('0.3', entry('chip.buf', [['leak', 0.004]])));
    expect(own.param('chip.buf', 'leakage')).toBeCloseTo(0.004, 12); // 0.004 pJ / 1 ns = 4 µW = 0.004 mW
    const named = apply(ert('0.4', entry('chip.buf', [['leak', 0.004, '{ global_cycle_seconds: 2e-9 }']])));
    expect(named.param('chip.buf', 'leakage')).toBeCloseTo(0.002, 12);
  });

  it('a type declares its own action names; two actions of one parameter must agree', () => {
    // memory.buffer declares update → write_energy.
    const agree = apply(
      ert(
        '0.4',
        entry('chip.buf', [
          ['write', 3],
          ['update', 3],
        ]),
      ),
    );
    expect(only(agree.report).actions!.map((a) => a.parameter)).toEqual(['write_energy', 'write_energy']);
    const disagree = apply(
      ert(
        '0.4',
        entry('chip.buf', [
          ['write', 3],
          ['update', 4],
        ]),
      ),
    );
    expect(only(disagree.report).actions![1]!.reason).toBe('write_energy is already set by "write" (3pJ)');
    expect(disagree.param('chip.buf', 'write_energy')).toBe(3);
  });

  it('an unknown action, a refused action and an alias to a non-energy parameter are each unmatched with the reason', () => {
    const registry = sessionWith((t) =>
      t.type === 'generic.unit'
        ? { ...t, energyActions: { op: 'cycles_per_op', message: { refuse: 'per byte here' } } }
        : t,
    ).registry;
    const { report } = apply(
      ert(
        '0.3',
        entry('chip.pe', [
          ['op', 1],
          ['message', 1],
          ['fetch', 1],
        ]),
      ),
      { registry },
    );
    const e = only(report);
    expect(e.matched).toBe(false);
    expect(e.actions!.map((a) => a.reason)).toEqual([
      'unit mismatch: generic.unit\'s "cycles_per_op" is a plain number, the table gives an energy in pJ',
      'per byte here',
      'no such action: generic.unit has no parameter for "fetch" (its energy parameters: op, message, energy_per_op, energy_per_message)',
    ]);
    expect(e.reason).toBe('none of its actions names an energy parameter of generic.unit');
  });

  it('--set outranks a table, and the report says on how many instances', () => {
    const { report, param } = apply(ert('0.3', entry('chip.pe', [['op', 9]])), {
      overrides: [['chip.pe[2].energy_per_op', '1pJ']],
    });
    expect(param('chip.pe[2]', 'energy_per_op')).toBe(1);
    expect(param('chip.pe[3]', 'energy_per_op')).toBe(9);
    expect(only(report).notes).toEqual(['--set outranks energy_per_op on 1 instance(s)']);
  });

  it('overlapping entries: the first sets a parameter, the later one is told', () => {
    const { report, param } = apply(
      ert('0.3', entry('chip.pe[0..1]', [['op', 5]]) + entry('chip.pe[1..3]', [['op', 6]])),
    );
    expect([0, 1, 2, 3].map((i) => param(`chip.pe[${i}]`, 'energy_per_op'))).toEqual([5, 5, 6, 6]);
    expect(report.entries[1]!.notes).toEqual(['an earlier entry set the same parameters first on 1 instance(s)']);
  });

  it('a range outside the instances built matches nothing, and says how many there are', () => {
    const { report } = apply(ert('0.3', entry('chip.pe[7..9]', [['op', 5]])));
    expect(only(report)).toMatchObject({
      matched: false,
      reason: 'no instance of chip.pe in the range it names (4 built)',
    });
  });

  it('an ART area (µm², one instance) sets area in mm²; the report has one line per entry', () => {
    const { report, param } = apply(ert('0.3', entry('chip.pe', [['op', 1]])), {
      art: 'ART:\n  version: 0.3\n  tables:\n  - name: chip.pe[0..3]\n    area: 1500\n  - name: chip.nothing\n    area: 1\n',
    });
    expect(param('chip.pe[1]', 'area')).toBeCloseTo(1500e-6, 15);
    expect(report).toMatchObject({ matched: 2, unmatched: 1 });
    const lines = formatEnergyTableReport(report);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(
      /^area table .*:4:11: chip\.pe\[0\.\.3\]: matched chip\.pe \(4 instances, full name\): area 1500 µm² → area = 1500um2$/,
    );
    expect(lines[2]).toMatch(/: chip\.nothing: unmatched: no such component/);
  });
});
