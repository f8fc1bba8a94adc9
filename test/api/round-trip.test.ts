import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../api/run.js';
import { compareArchitectures } from '../../api/compare.js';

const ARCH = 'architectures/examples/demo-chip.yaml';
const OPS = 'workloads/examples/demo-ops.jsonl';

describe('demo architecture round trip (load → elaborate → op trace → report)', () => {
  const r = runSimulation({ architecture: ARCH, workload: OPS });

  it('reports the exact cycles of every phase', () => {
    // load: read 1024 B = 2 latency + 1024/32 cycles.
    // compute: c0 40 cycles (34→74 ns); 3 messages of 64 B at 16 B/cycle + 2 cycles latency, depth 2:
    //   arrive 80, 84, 88 (the third waits for a credit until pe[1] takes the first at 80),
    //   consumed 81, 85, 89; then c2 runs 7 cycles: 89→96 ns.
    // store: write 512 B = 2 + 16 cycles.
    expect(r.phases.map((p) => [p.name, p.cycles, p.start_ps, p.end_ps])).toEqual([
      ['load', 34, 0, 34_000],
      ['compute', 62, 34_000, 96_000],
      ['store', 18, 96_000, 114_000],
    ]);
    expect(r.cycles).toBe(114);
    expect(r.time_ps).toBe(114_000);
    expect(r.stop.reason).toBe('completed');
    expect(r.operations).toBe(6);
  });

  it('reports the exact energy per phase, per action and per component', () => {
    const energies = r.phases.map((p) => p.energy_pj);
    // load: 1024 × 0.1 pJ + 34 ns × 1 mW; compute: 15 ops × 2 pJ + c2 2 pJ + 192 B × 0.05 pJ + 3 × 0.5 pJ + 62 pJ leakage;
    // store: 512 × 0.125 pJ + 18 pJ leakage.
    expect(energies[0]).toBeCloseTo(136.4, 9);
    expect(energies[1]).toBeCloseTo(105.1, 9);
    expect(energies[2]).toBeCloseTo(82, 9);
    expect(r.energy_pj).toBeCloseTo(323.5, 9);
    expect(energies.reduce((a, b) => a + b, 0)).toBeCloseTo(r.energy_pj, 9);
    expect(r.energy_by_action_pj).toEqual({
      read: expect.closeTo(102.4, 9),
      write: 64,
      leakage: 114,
      op: 32,
      'out.transfer': expect.closeTo(9.6, 9),
      message: 1.5,
    });
    expect(r.components['chip.pe[0]']!.energy_by_action_pj).toEqual({
      op: 20,
      message: 0,
      'out.transfer': expect.closeTo(9.6, 9),
    });
    expect(r.components['chip']!.subtree_energy_pj).toBeCloseTo(323.5, 9);
  });

  it('rolls area up the hierarchy and measures busy time', () => {
    expect(r.area_mm2).toBeCloseTo(0.73, 12);
    expect(r.components['chip.pe[1]']!.busy_ps).toBe(23_000);
    expect(r.components['chip.pe[0]']!.counters['out.blocked_sends']).toBe(1);
    expect(r.components['chip.pe[0]']!.counters['out.blocked_ps']).toBe(6_000);
    expect(r.components['chip.sram']!.counters['bytes_read']).toBe(1024);
  });

  it('gives identical reports for the same seed', () => {
    const again = runSimulation({ architecture: ARCH, workload: OPS });
    const strip = ({ wall_s: _wall, events_per_s: _rate, ...rest }: typeof r) => rest;
    expect(strip(again)).toEqual(strip(r));
  });

  it('applies --set overrides to variables and to component parameters', () => {
    const faster = runSimulation({
      architecture: ARCH,
      workload: OPS,
      overrides: new Map([
        ['chip.pe.cycles_per_op', '2'],
        ['op_energy', '1pJ'],
      ]),
    });
    // c0 now takes 20 cycles (34→54): messages arrive 60, 64 and 68, consumed by 69; c2 ends at 76.
    expect(faster.phases[1]!.cycles).toBe(42);
    expect(faster.energy_by_action_pj['op']).toBe(16);
  });

  it('stops cleanly at an event bound with the reason', () => {
    const bounded = runSimulation({ architecture: ARCH, workload: OPS, maxEvents: 5 });
    expect(bounded.stop.reason).toBe('max-events');
    expect(bounded.events).toBe(5);
  });

  it('compare reports speed-up and energy ratios per phase and in total', () => {
    const c = compareArchitectures(ARCH, 'architectures/examples/demo-chip-fast.yaml', { workload: OPS });
    expect(c.architecture_b).toBe('demo-chip-fast');
    // 32 B/cycle links: messages arrive 78, 80, 82, consumed by 83; c2 ends at 90 → compute 56 cycles.
    const compute = c.phases.find((p) => p.name === 'compute')!;
    expect([compute.a.cycles, compute.b.cycles]).toEqual([62, 56]);
    expect(compute.speedup).toBeCloseTo(62 / 56, 12);
    expect(c.total.speedup).toBeCloseTo(114 / 108, 12);
    // 16 pJ less compute energy and 6 ns less leakage at 1 mW.
    expect(c.total.b.energy_pj).toBeCloseTo(301.5, 9);
    expect(c.total.energy_reduction).toBeCloseTo(1 - 301.5 / 323.5, 12);
  });
});
