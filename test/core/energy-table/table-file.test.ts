import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelenErrors, readReferenceTable, type TableKind } from '../../../core/index.js';
import { errorOf } from '../../support/helen-error.js';

const dir = mkdtempSync(join(tmpdir(), 'helen-tables-'));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Every problem reading `text` as a table of `kind`, as `line:column: message` (file name dropped). */
function problems(text: string, kind: TableKind = 'energy'): string[] {
  const file = write('t.yaml', text);
  const e = errorOf(() => readReferenceTable(file, kind));
  const list = e instanceof HelenErrors ? e.problems : [e];
  return list.map((p) => `${p.location?.line}:${p.location?.column}: ${p.message}`);
}

const ENTRY = '  tables:\n  - name: system.pe\n    actions:\n';

describe('reading Accelergy reference tables', () => {
  it('reads a 0.3 ERT: every argument combination kept, ranges numbered from 0', () => {
    const file = write(
      'ert3.yaml',
      `ERT:\n  version: 0.3\n${ENTRY}    - name: read\n      arguments: { data_delta: 0 }\n      energy: 4\n    - name: read\n      arguments: { data_delta: 1 }\n      energy: 7\n    - name: leak\n      arguments: null\n      energy: 0\n`,
    );
    const t = readReferenceTable(file, 'energy');
    expect(t.version).toBe('0.3');
    expect(t.firstIndex).toBe(0);
    expect(t.entries[0]!.actions.map((a) => [a.name, a.energyPj, a.arguments])).toEqual([
      ['read', 4, { data_delta: 0 }],
      ['read', 7, { data_delta: 1 }],
      ['leak', 0, {}],
    ]);
    expect(t.entries[0]!.actions[1]!.loc).toMatchObject({ line: 11, column: 15 });
  });

  it('reads a 0.4 ERT_summary (largest energy of a spread) and a 0.4 ART, ranges numbered from 1', () => {
    const summary = write(
      'sum.yaml',
      "ERT_summary:\n  version: '0.4'\n  table_summary:\n  - name: top.buf[1..4]\n    actions:\n    - name: read\n      average_energy: 2\n      max_energy: 3\n      min_energy: 1\n",
    );
    const s = readReferenceTable(summary, 'energy');
    expect(s.firstIndex).toBe(1);
    expect(s.entries[0]!.actions[0]!.energyPj).toBe(3);
    const art = write('art.yaml', "ART:\n  version: '0.4'\n  tables:\n  - name: top.mac[1..256]\n    area: 417.0\n");
    expect(readReferenceTable(art, 'area').entries[0]).toMatchObject({ name: 'top.mac[1..256]', areaUm2: 417 });
  });

  it.each([
    [
      'not a mapping',
      '- 1\n',
      'energy',
      ['1:1: expected an Accelergy energy reference table (ERT.yaml), a mapping, got a list'],
    ],
    [
      'an ART given as the ERT',
      'ART:\n  version: 0.4\n  tables: []\n',
      'energy',
      ['1:1: expected an Accelergy energy reference table (ERT.yaml): a top-level ERT or ERT_summary key; found ART'],
    ],
    [
      'an ERT given as the ART',
      'ERT:\n  version: 0.4\n  tables: []\n',
      'area',
      ['1:1: expected an Accelergy area reference table (ART.yaml): a top-level ART or ART_summary key; found ERT'],
    ],
    [
      'no version',
      'ERT:\n  tables: []\n',
      'energy',
      ['2:3: ERT needs "version" (the Accelergy format version, e.g. 0.4)'],
    ],
    ['no tables', 'ERT:\n  version: 0.4\n', 'energy', ['2:3: ERT needs "tables", the list of entries']],
    [
      'tables not a list',
      'ERT:\n  version: 0.4\n  tables: 3\n',
      'energy',
      ['3:11: "tables" must be a list of entries, got number 3'],
    ],
    [
      'an entry without a name',
      'ERT:\n  version: 0.4\n  tables:\n  - actions: []\n',
      'energy',
      ['4:5: an entry needs "name", the component it describes (e.g. system.PE[0..15].mac)'],
    ],
    [
      'a malformed name',
      'ERT:\n  version: 0.4\n  tables:\n  - name: pe[2..1]\n    actions: []\n',
      'energy',
      ['4:11: "name": "pe[2..1]": the range ends before it starts'],
    ],
    [
      'no actions',
      `ERT:\n  version: 0.4\n  tables:\n  - name: pe\n`,
      'energy',
      ['4:5: entry "pe" needs "actions", a list of { name, arguments, energy }'],
    ],
    [
      'an action without energy',
      `ERT:\n  version: 0.4\n${ENTRY}    - name: read\n`,
      'energy',
      ['6:7: action "read" needs "energy", in pJ'],
    ],
    [
      'an energy in words',
      `ERT:\n  version: 0.4\n${ENTRY}    - name: read\n      energy: 3pJ\n`,
      'energy',
      ['7:15: "energy" of action "read" must be a number ≥ 0 in pJ (Accelergy\'s unit), got string "3pJ"'],
    ],
    [
      'a negative energy',
      `ERT:\n  version: 0.4\n${ENTRY}    - name: read\n      energy: -1\n`,
      'energy',
      ['7:15: "energy" of action "read" must be a number ≥ 0 in pJ (Accelergy\'s unit), got -1'],
    ],
    [
      'arguments as a list',
      `ERT:\n  version: 0.4\n${ENTRY}    - name: read\n      arguments: [1]\n      energy: 1\n`,
      'energy',
      ['7:18: "arguments" of action "read" must be a mapping, got a list'],
    ],
    [
      'an area missing',
      'ART:\n  version: 0.4\n  tables:\n  - name: pe\n',
      'area',
      ['4:5: entry "pe" needs "area", in µm²'],
    ],
    [
      'an area in words',
      'ART:\n  version: 0.4\n  tables:\n  - name: pe\n    area: big\n',
      'area',
      ['5:11: "area" must be a number ≥ 0 in µm² (Accelergy\'s unit), got string "big"'],
    ],
    [
      'two bad entries: both reported',
      'ART:\n  version: 0.4\n  tables:\n  - name: a\n    area: -2\n  - name: b..c\n    area: 1\n',
      'area',
      [
        '5:11: "area" must be a number ≥ 0 in µm² (Accelergy\'s unit), got -2',
        '6:11: "name": "" is not a component level: expected a name, optionally with [N] or [FIRST..LAST], as in system.chip.PE[0..15].mac',
      ],
    ],
  ] as const)('%s: one located problem each', (_what, text, kind, expected) => {
    expect(problems(text, kind)).toEqual(expected);
  });

  it('names the file and the field of a problem, and a missing file', () => {
    const file = write('bad.yaml', `ERT:\n  version: 0.4\n${ENTRY}    - name: read\n      energy: x\n`);
    expect(errorOf(() => readReferenceTable(file, 'energy')).format()).toBe(
      `${file}:7:15: ERT.tables[0].actions[0].energy: "energy" of action "read" must be a number ≥ 0 in pJ (Accelergy's unit), got string "x" [E_TABLE]`,
    );
    expect(errorOf(() => readReferenceTable(join(dir, 'none.yaml'), 'area')).format()).toBe(
      `${join(dir, 'none.yaml')}: no such file [E_FILE]`,
    );
  });
});
