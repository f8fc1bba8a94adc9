import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSession } from '../../../api/session.js';
import {
  elaborate,
  loadArchitecture,
  rangeNames,
  readReferenceTable,
  referenceTablesFor,
  writeReferenceTables,
  type Component,
  type Elaboration,
  type EnergyTableReport,
} from '../../../core/index.js';

const session = defaultSession();
const dir = mkdtempSync(join(tmpdir(), 'helen-table-writer-'));
let written = 0;

function build(
  architecture: string,
  options: { tables?: { ert: string; art: string }; overrides?: ReadonlyMap<string, string> } = {},
): { model: Elaboration; report?: EnergyTableReport } {
  const spec = loadArchitecture(architecture, session.loadOptions());
  let files = {};
  if (options.tables) {
    const n = written++;
    files = { energyTable: join(dir, `${n}.ERT.yaml`), areaTable: join(dir, `${n}.ART.yaml`) };
    writeFileSync(join(dir, `${n}.ERT.yaml`), options.tables.ert);
    writeFileSync(join(dir, `${n}.ART.yaml`), options.tables.art);
  }
  const tables = referenceTablesFor(files, spec);
  const model = elaborate(spec, {
    registry: session.registry,
    overrides: options.overrides,
    ...(tables ? { parameterSource: tables } : {}),
  });
  return { model, ...(tables ? { report: tables.report() } : {}) };
}

/** Every instance's parameters, area and leakage, by path. */
function values(model: Elaboration): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of model.sim.components as Component[])
    out[c.path] = { params: c.params, areaMm2: c.areaMm2, leakageMw: c.energy.leakageMw };
  return out;
}

describe('writeReferenceTables', () => {
  it.each([
    'architectures/systolic-os-32.yaml',
    'architectures/examples/demo-chip.yaml',
    'architectures/isaac-small.yaml',
  ])(
    '%s: the written ERT/ART read back to the same parameter values of every instance, every entry and action matched',
    (architecture) => {
      const base = build(architecture).model;
      const tables = writeReferenceTables(base, session.registry);
      expect(tables.notes.filter((n) => n.includes('rounded'))).toEqual([]);
      expect(tables.entries.ert).toBeGreaterThan(0);
      const { model, report } = build(architecture, { tables });
      expect(values(model)).toEqual(values(base));
      expect(report!.unmatched).toBe(0);
      expect(report!.matched).toBe(tables.entries.ert + tables.entries.art);
      const actions = report!.entries.flatMap((e) => e.actions ?? []);
      expect(actions.filter((a) => a.reason !== undefined)).toEqual([]);
    },
  );

  it('writes an array of equal instances as one range entry, numbered from 0 as Accelergy 0.3 does', () => {
    const tables = writeReferenceTables(build('architectures/examples/demo-chip.yaml').model, session.registry);
    const file = join(dir, 'demo.ERT.yaml');
    writeFileSync(file, tables.ert);
    const read = readReferenceTable(file, 'energy');
    expect(read.version).toBe('0.3');
    const pe = read.entries.find((e) => e.name.startsWith('chip.pe'))!;
    expect(pe.name).toBe('chip.pe[0..2]');
    expect(pe.actions.map((a) => [a.name, a.energyPj])).toEqual([
      ['op', 2],
      ['message', 0.5],
      ['leak', 0],
    ]);
  });

  it('rangeNames: a full box of indices is one name; a box with holes is one name per instance', () => {
    expect(rangeNames(['a.b[0].c', 'a.b[1].c', 'a.b[2].c'])).toEqual(['a.b[0..2].c']);
    expect(rangeNames(['t[1].i[0]', 't[1].i[1]', 't[2].i[0]', 't[2].i[1]'])).toEqual(['t[1..2].i[0..1]']);
    expect(rangeNames(['t[0]', 't[2]'])).toEqual(['t[0]', 't[2]']);
    expect(rangeNames(['chip.sram'])).toEqual(['chip.sram']);
  });

  it('any energy, leakage and area given with --set reads back from the written tables exactly (property)', () => {
    const positive = fc.double({ min: 1e-9, max: 1e9, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(positive, positive, positive, (energyPj, leakageMw, areaUm2) => {
        const overrides = new Map([
          ['op_energy', `${energyPj}pJ`],
          ['chip.sram.leakage', `${leakageMw}mW`],
          ['chip.sram.area', `${areaUm2}um2`],
        ]);
        const base = build('architectures/examples/demo-chip.yaml', { overrides }).model;
        const tables = writeReferenceTables(base, session.registry);
        expect(tables.notes.filter((n) => n.includes('rounded'))).toEqual([]);
        expect(values(build('architectures/examples/demo-chip.yaml', { tables }).model)).toEqual(values(base));
      }),
      { numRuns: 25, seed: 7 },
    );
  });
});
