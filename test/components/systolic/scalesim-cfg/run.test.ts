import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../support/helen-error.js';
import { runSimulation } from '../../../../api/run.js';
import { foldTiming } from '../../../../components/systolic/index.js';
import { readTopology } from '../../../../workloads/gemm/index.js';

const CFG = 'architectures/examples/scalesim-os-32.cfg';
const YAML = 'architectures/systolic-os-32.yaml';
const CONV = 'workloads/examples/scalesim-conv.csv';

describe('SCALE-Sim .cfg architectures in helen run', () => {
  it('runs SCALE-Sim topologies with the same cycles as the YAML architecture, and the fold model per layer', () => {
    const fromCfg = runSimulation({ architecture: CFG, workload: CONV });
    const fromYaml = runSimulation({ architecture: YAML, workload: CONV });
    expect(fromCfg.phases.map((p) => [p.name, p.cycles])).toEqual(fromYaml.phases.map((p) => [p.name, p.cycles]));
    expect(fromCfg.cycles).toBe(fromYaml.cycles);
    expect(fromCfg.architecture).toBe('scale_example_run_32x32_os');
    expect(fromCfg.components['chip.array']!.type).toBe('systolic.array');
    // Every layer: SCALE-Sim v2's compute cycles for its lowered GEMM on a 32×32 OS array.
    const expected = readTopology(CONV).layers.map(
      (l) => foldTiming({ rows: 32, cols: 32, dataflow: 'os' }, l).computeCycles,
    );
    expect(fromCfg.phases.map((p) => p.cycles)).toEqual(expected);
    // conv1 by hand: ceil(113²/32) = 400 row folds × 2 column folds × (147 + 32 + 32 − 2).
    expect(fromCfg.phases[0]!.cycles).toBe(800 * 209);
  });

  it("reproduces SCALE-Sim v2's own regression output: AlexNet Conv1 on scale.cfg switched to ws prints 112283 cycles", () => {
    // SCALE-Sim's test/scripts/function_test.sh runs configs/scale.cfg with Dataflow ws on
    // alexnet_part.csv; test/golden_trace/COMPUTE_REPORT.csv holds "Total Cycles 112283".
    const r = runSimulation({
      architecture: CFG,
      workload: 'workloads/examples/scalesim-alexnet-part.csv',
      overrides: new Map([['chip.array.dataflow', 'ws']]),
    });
    // M = 55² = 3025, N = 96, K = 363: 12 × 3 folds × (2·32 + 32 + 3025 − 2) = 112284 cycles;
    // SCALE-Sim prints the index of the last cycle (docs/systolic.md), one less.
    expect(r.phases[0]!.cycles).toBe(112284);
    expect(r.phases[0]!.cycles - 1).toBe(112283);
  });

  it('lists what the .cfg says that Helen does not model in the run report, one located line each', () => {
    const r = runSimulation({ architecture: CFG, workload: 'workloads/examples/scalesim-gemm.csv' });
    expect(r.architecture_notes).toHaveLength(8);
    expect(r.architecture_notes![0]).toMatch(/^architectures\/examples\/scalesim-os-32\.cfg:12:1: IfmapSramSzkB = 64 /);
    expect(runSimulation({ architecture: YAML, workload: 'workloads/examples/scalesim-gemm.csv' })).not.toHaveProperty(
      'architecture_notes',
    );
  });

  it('a malformed .cfg fails the run with its located error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helen-cfg-'));
    const bad = join(dir, 'bad.cfg');
    writeFileSync(bad, '[general]\nrun_name = x\n[architecture_presets]\nArrayHeight: 0\n');
    const e = errorOf(() => runSimulation({ architecture: bad, workload: CONV }));
    expect(e.format()).toContain(
      `${bad}:4:14: architecture_presets.ArrayHeight: "ArrayHeight" must be a whole number ≥ 1`,
    );
    expect(e.format()).toContain('missing key "ArrayWidth"');
  });
});
