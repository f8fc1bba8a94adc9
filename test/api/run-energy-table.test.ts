import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation, type RunOptions } from '../../api/index.js';
import { readReferenceTable, type Component, type Elaboration } from '../../core/index.js';
import { errorOf } from '../support/helen-error.js';

const dir = mkdtempSync(join(tmpdir(), 'helen-run-tables-'));
const SYSTOLIC = 'architectures/systolic-os-32.yaml';
const ERT = 'architectures/examples/accelergy/systolic-os-32.ERT.yaml';
const ART = 'architectures/examples/accelergy/systolic-os-32.ART.yaml';
const GEMMS = join(dir, 'gemms.csv');
writeFileSync(GEMMS, 'Layer, M, N, K,\na, 40, 50, 30,\nb, 7, 70, 33,\n');

/** A run, with the model it ran on (its components' energy ledgers hold the action counts). */
function run(options: RunOptions): { report: ReturnType<typeof runSimulation>; model: Elaboration } {
  let model: Elaboration | undefined;
  const report = runSimulation({ ...options, onModel: (m) => (model = m) });
  return { report, model: model! };
}

function component(model: Elaboration, path: string): Component {
  return model.sim.component(path) as Component;
}

describe('runs with Accelergy reference tables', () => {
  it('the shipped systolic-os-32 ERT/ART change energy by Σ (table − architecture energy) × action count, and area by PEs × Δ pe_area', () => {
    const base = run({ architecture: SYSTOLIC, workload: GEMMS });
    const tabled = run({ architecture: SYSTOLIC, workload: GEMMS, energyTable: ERT, areaTable: ART });
    const mac = (m: Elaboration) => component(m, 'chip.array').energy.actions.get('mac')!;
    // Timing and counts do not depend on energies: the same MACs happen.
    expect(tabled.report.cycles).toBe(base.report.cycles);
    expect(mac(tabled.model).count).toBe(mac(base.model).count);
    const compute = readReferenceTable(ERT, 'energy').entries[0]!.actions.find((a) => a.name === 'compute')!;
    const predicted = (compute.energyPj - mac(base.model).energyPerActionPj) * mac(base.model).count;
    expect(predicted).not.toBe(0);
    expect(tabled.report.energy_pj - base.report.energy_pj).toBeCloseTo(predicted, 6);

    const array = component(base.model, 'chip.array').params as { rows: number; cols: number; pe_area: number };
    const areaUm2 = readReferenceTable(ART, 'area').entries[0]!.areaUm2!;
    const areaDelta = array.rows * array.cols * (areaUm2 * 1e-6 - array.pe_area);
    expect(tabled.report.area_mm2 - base.report.area_mm2).toBeCloseTo(areaDelta, 12);

    expect(base.report.energyTable).toBeUndefined();
    expect(tabled.report.energyTable).toMatchObject({ matched: 2, unmatched: 0 });
    expect(tabled.report.energyTable!.entries[0]!.actions!.map((a) => a.parameter ?? a.reason)).toEqual([
      'mac_energy',
      "systolic.array's leakage is the whole array's; an ERT leak is one MAC's",
    ]);
  });

  it('demo-chip: per-op, per-message and leak energies change the total by the counts and the run time they predict', () => {
    const ert = join(dir, 'demo.ERT.yaml');
    writeFileSync(
      ert,
      "ERT:\n  version: '0.3'\n  tables:\n  - name: system.chip.pe[0..2]\n    actions:\n    - { name: op, arguments: {}, energy: 2.5 }\n    - { name: message, arguments: {}, energy: 0.4 }\n    - { name: leak, arguments: {}, energy: 0.002 }\n",
    );
    const options = {
      architecture: 'architectures/examples/demo-chip.yaml',
      workload: 'workloads/examples/demo-ops.jsonl',
    };
    const base = run(options);
    const tabled = run({ ...options, energyTable: ert });
    expect(tabled.report.time_ps).toBe(base.report.time_ps);
    const table = new Map(readReferenceTable(ert, 'energy').entries[0]!.actions.map((a) => [a.name, a.energyPj]));
    let predicted = 0;
    for (let i = 0; i < 3; i++) {
      const pe = component(base.model, `chip.pe[${i}]`);
      for (const action of ['op', 'message']) {
        const a = pe.energy.actions.get(action)!;
        predicted += (table.get(action)! - a.energyPerActionPj) * a.count;
      }
      // leak is pJ per cycle of the unit's 1 ns clock, charged over the whole run.
      const leakPjPerPs = table.get('leak')! / pe.clock.periodPs;
      predicted += leakPjPerPs * base.report.time_ps - pe.energy.leakagePj(base.report.time_ps);
    }
    expect(predicted).not.toBe(0);
    expect(tabled.report.energy_pj - base.report.energy_pj).toBeCloseTo(predicted, 9);
  });

  it('a malformed table stops the run with one located message', () => {
    const bad = join(dir, 'bad.ERT.yaml');
    writeFileSync(
      bad,
      "ERT:\n  version: '0.4'\n  tables:\n  - name: array\n    actions:\n    - name: compute\n      energy: lots\n",
    );
    expect(errorOf(() => runSimulation({ architecture: SYSTOLIC, workload: GEMMS, energyTable: bad })).format()).toBe(
      `${bad}:7:15: ERT.tables[0].actions[0].energy: "energy" of action "compute" must be a number ≥ 0 in pJ (Accelergy's unit), got string "lots" [E_TABLE]`,
    );
  });
});
