import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../../api/run.js';
import { rooflineRows, SystolicEngine } from '../../../../components/systolic/index.js';
import type { Elaboration } from '../../../../core/index.js';
import { errorOf } from '../../../support/helen-error.js';

const ARCH = 'architectures/llm-accelerator.yaml';

function run(workload: string) {
  let model: Elaboration | undefined;
  const r = runSimulation({ architecture: ARCH, workload, onModel: (m) => (model = m) });
  const engine = (model!.sim.components as unknown[]).find((c): c is SystolicEngine => c instanceof SystolicEngine)!;
  return { r, engine, counters: r.components[engine.path]!.counters };
}

describe('LLM serving on architectures/llm-accelerator.yaml', () => {
  const { r, engine, counters } = run('workloads/examples/llm-llama-2-7b.yaml');
  const roof = engine.roofline;

  it('Llama-2-7B, prompt 2048 + 128 decode steps: phases prefill and decode; TTFT is the prefill, TPOT the decode over 128 steps, tokens/s = 129 / run time', () => {
    expect(r.phases.map((p) => p.name)).toEqual(['prefill', 'decode']);
    const [prefill, decode] = r.phases;
    expect(counters['ttft_mean_ps']).toBe(prefill!.time_ps);
    expect(counters['tpot_mean_ps']).toBe(Math.round(decode!.time_ps / 128));
    expect(counters['tokens_per_s']).toBeCloseTo(129 / (r.time_ps * 1e-12), 9);
    expect(counters['cycles']).toBe(
      counters['compute_cycles']! + counters['sram_stall_cycles']! + counters['hbm_stall_cycles']!,
    );
  });

  it('no simulated operation beats the roofline: the engine counts none below it and every label sums above its bound', () => {
    expect(counters['ops_below_roofline']).toBe(0);
    for (const row of rooflineRows(engine.byLabel, roof)) expect(row.efficiency).toBeLessThanOrEqual(1);
  });

  it('decode of the memory-bound 7B model is within 10% of its HBM bytes / bandwidth and never below', () => {
    const decodePs = r.phases[1]!.time_ps;
    const bytes = [...engine.byLabel.values()]
      .filter((x) => x.label.startsWith('decode.'))
      .reduce((a, x) => a + x.hbmBytes, 0);
    const boundPs = (bytes / (roof.hbmBytesPerCycle * roof.clockHz)) * 1e12;
    // Every decode step reads at least every GEMM weight once: ≈ 6.6e9 elements × 2 bytes.
    expect(bytes / 128).toBeGreaterThan(2 * 6.6e9);
    expect(decodePs).toBeGreaterThanOrEqual(boundPs);
    expect(decodePs / boundPs).toBeLessThan(1.1);
  });

  it('prefill projections are compute-bound (intensity above the machine balance) and decode GEMVs memory-bound', () => {
    const rows = new Map(rooflineRows(engine.byLabel, roof).map((x) => [x.label, x]));
    expect(rows.get('prefill.q_proj')!.boundBy).toBe('compute');
    expect(rows.get('decode.q_proj')!.boundBy).toBe('memory');
    expect(rows.get('decode.ffn_down')!.intensity).toBeLessThan(2);
  });

  it('the HBM is charged every byte the engine moved, and energy includes MACs on all 8 arrays', () => {
    const hbm = r.components['chip.hbm']!;
    expect(hbm.counters['bytes_read']! + hbm.counters['bytes_written']!).toBe(counters['hbm_bytes']);
    expect(Math.abs(hbm.energy_by_action_pj['read']! / (hbm.counters['bytes_read']! * 31.2) - 1)).toBeLessThan(1e-12);
    const macs = [0, 1, 2, 3, 4, 5, 6, 7].reduce((a, i) => a + r.components[`chip.mxu[${i}]`]!.counters['macs']!, 0);
    expect(Math.abs(macs / counters['macs']! - 1)).toBeLessThan(1e-12);
  });

  it('a request trace is served in static batches: phases per batch, TTFT of every request ≥ its batch prefill, p50 ≤ p99', () => {
    const t = run('workloads/examples/llm-llama-2-7b-trace.yaml');
    expect(t.counters['requests']).toBe(8);
    expect(t.r.phases[0]!.name).toBe('batch[0].prefill');
    expect(t.r.phases.some((p) => p.name === 'idle')).toBe(true);
    expect(t.counters['ttft_p50_ps']).toBeLessThanOrEqual(t.counters['ttft_p99_ps']!);
    expect(t.counters['ttft_p50_ps']).toBeGreaterThanOrEqual(t.r.phases[0]!.time_ps);
    expect(t.counters['ops_below_roofline']).toBe(0);
  });

  it('runs only where there is a systolic.engine: elsewhere the error names the driver that would run it', () => {
    const e = errorOf(() =>
      runSimulation({
        architecture: 'architectures/systolic-os-32.yaml',
        workload: 'workloads/examples/llm-llama-2-7b.yaml',
      }),
    );
    expect(e.format()).toMatch(
      /^workloads\/examples\/llm-llama-2-7b\.yaml: nothing in systolic-os-32 can run a llm workload: systolic-llm \(.*\) \[E_DRIVER\]$/,
    );
  });
});
