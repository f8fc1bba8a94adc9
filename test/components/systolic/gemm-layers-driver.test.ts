import { describe, expect, it } from 'vitest';
import { errorOf } from '../../support/helen-error.js';
import { runSimulation } from '../../../api/run.js';
import { HelenError } from '../../../core/index.js';

const ARCH = 'architectures/systolic-os-32.yaml';

function failure(architecture: string, workload: string): HelenError {
  return errorOf(() => runSimulation({ architecture, workload }));
}

describe('SCALE-Sim topologies on architectures/systolic-os-32.yaml', () => {
  it('runs the GEMM example: one phase per layer, cycles derived by hand from the fold formula', () => {
    const r = runSimulation({ architecture: ARCH, workload: 'workloads/examples/scalesim-gemm.csv' });
    // OS 32×32, per fold K + 32 + 32 − 2 cycles, ceil(M/32)·ceil(N/32) folds:
    // proj_in 2·8 folds × 190; mlp_up 2·16 × 318; mlp_down 2·8 × 574; tiny 1 × 65.
    expect(r.phases.map((p) => [p.name, p.cycles])).toEqual([
      ['proj_in', 3040],
      ['mlp_up', 10176],
      ['mlp_down', 9184],
      ['tiny', 65],
    ]);
    expect(r.cycles).toBe(3040 + 10176 + 9184 + 65);
    const macs = 64 * 256 * 128 + 64 * 512 * 256 + 64 * 256 * 512 + 5 * 7 * 3;
    const array = r.components['chip.array']!;
    expect(array.counters).toMatchObject({
      gemms: 4,
      folds: 16 + 32 + 16 + 1,
      macs,
      compute_cycles: r.cycles,
      pe_cycles: 1024 * r.cycles,
    });
    expect(r.energy_pj).toBeCloseTo(macs * 0.23, 6);
    expect(array.utilisation).toBe(1);
  });

  it('runs the conv example with SCALE-Sim lowering (conv1: 113² pixels, K = 147)', () => {
    const r = runSimulation({ architecture: ARCH, workload: 'workloads/examples/scalesim-conv.csv' });
    // conv1: ceil(12769/32) = 400 row folds × 2 col folds × (147 + 62).
    expect(r.phases[0]).toMatchObject({ name: 'conv1', cycles: 800 * 209 });
    expect(r.phases.map((p) => p.name)).toEqual(['conv1', 'conv2', 'conv3', 'conv3_skip']);
  });

  it('--set switches the dataflow: WS folds K over the rows and pays 2R + C + M − 2 per fold', () => {
    const r = runSimulation({
      architecture: ARCH,
      workload: 'workloads/examples/scalesim-gemm.csv',
      overrides: new Map([['chip.array.dataflow', 'ws']]),
    });
    // tiny (M=5, N=7, K=3): one fold of 64 + 32 + 5 − 2 = 99.
    expect(r.phases.find((p) => p.name === 'tiny')!.cycles).toBe(99);
    // proj_in: Sr = K = 128 → 4 row folds, Sc = N = 256 → 8 col folds, 64 + 32 + 64 − 2 = 158 each.
    expect(r.phases[0]!.cycles).toBe(32 * 158);
  });

  it('refuses a topology on an architecture without a systolic.array, naming the file', () => {
    const e = failure('architectures/examples/demo-chip.yaml', 'workloads/examples/scalesim-gemm.csv');
    // The driver is chosen by the hardware it needs: none in demo-chip fits, and the error names every candidate.
    expect(e.format()).toMatch(
      /^workloads\/examples\/scalesim-gemm\.csv: nothing in demo-chip can run a gemm-layers workload: .*systolic-gemm-layers \(.*\) \[E_DRIVER\]$/,
    );
    // A model with several arrays fits the driver, which then refuses to choose one.
    expect(failure('architectures/llm-accelerator.yaml', 'workloads/examples/scalesim-gemm.csv').format()).toMatch(
      /^workloads\/examples\/scalesim-gemm\.csv: a layer list runs on exactly one systolic\.array component; llm-accelerator found 8: chip\.mxu\[0\], .* \[E_WORKLOAD\]$/,
    );
  });
});
