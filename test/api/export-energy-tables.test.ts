import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportEnergyTables } from '../../api/export-architecture.js';
import { runSimulation, type RunOptions } from '../../api/index.js';
import type { Component, Elaboration } from '../../core/index.js';

const dir = mkdtempSync(join(tmpdir(), 'helen-export-tables-'));
const GEMMS = join(dir, 'gemms.csv');
writeFileSync(GEMMS, 'Layer, M, N, K,\na, 40, 50, 30,\nb, 7, 70, 33,\n');
const SYSTOLIC = { architecture: 'architectures/systolic-os-32.yaml', workload: GEMMS };
const DEMO = { architecture: 'architectures/examples/demo-chip.yaml', workload: 'workloads/examples/demo-ops.jsonl' };

/** The tables of `architecture`, written to files a run reads. */
function tableFiles(architecture: string, edit: (ert: string) => string = (t) => t) {
  const tables = exportEnergyTables({ architecture });
  const name = architecture.replace(/\W/g, '_');
  const energyTable = join(dir, `${name}.ERT.yaml`);
  const areaTable = join(dir, `${name}.ART.yaml`);
  writeFileSync(energyTable, edit(tables.ert));
  writeFileSync(areaTable, tables.art);
  return { energyTable, areaTable, entries: tables.entries.ert + tables.entries.art };
}

function run(options: RunOptions): { report: ReturnType<typeof runSimulation>; model: Elaboration } {
  let model: Elaboration | undefined;
  const report = runSimulation({ ...options, onModel: (m) => (model = m) });
  return { report, model: model! };
}

describe('exportEnergyTables', () => {
  it.each([
    ['systolic-os-32', SYSTOLIC],
    ['demo-chip', DEMO],
  ])('%s: a run with the written ERT/ART has the energy, area and time of the run without them', (_, options) => {
    const base = runSimulation(options);
    const { entries, ...files } = tableFiles(options.architecture);
    const tabled = runSimulation({ ...options, ...files });
    expect(tabled.energy_pj).toBe(base.energy_pj);
    expect(tabled.area_mm2).toBe(base.area_mm2);
    expect(tabled.time_ps).toBe(base.time_ps);
    expect(tabled.energy_pj).toBeGreaterThan(0);
    expect(tabled.energyTable).toMatchObject({ matched: entries, unmatched: 0 });
  });

  it("doubling the written MAC energy adds the array's MAC count × the MAC energy", () => {
    const base = run(SYSTOLIC);
    const array = base.model.sim.component('chip.array') as Component;
    const mac = array.energy.actions.get('mac')!;
    const macPj = (array.params as { mac_energy: number }).mac_energy;
    const doubled = (ert: string): string => {
      const at = ert.indexOf('- name: mac_random');
      const line = `energy: ${macPj}\n`;
      const energy = ert.indexOf(line, at);
      expect(at >= 0 && energy > at).toBe(true);
      return `${ert.slice(0, energy)}energy: ${2 * macPj}\n${ert.slice(energy + line.length)}`;
    };
    const { entries, ...files } = tableFiles(SYSTOLIC.architecture, doubled);
    const tabled = runSimulation({ ...SYSTOLIC, ...files });
    expect(tabled.energyTable).toMatchObject({ matched: entries, unmatched: 0 });
    expect(mac.count).toBeGreaterThan(0);
    const added = tabled.energy_pj - base.report.energy_pj;
    // The totals are sums of doubles: equal to the count × Δ within their rounding.
    expect(Math.abs(added - mac.count * macPj)).toBeLessThan(1e-12 * tabled.energy_pj);
  });
});
