import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../api/run.js';
import { HelenError, type Elaboration, type SignalChange } from '../../../core/index.js';
import { foldTiming, matmul, type SystolicArray } from '../../../components/systolic/index.js';

const dir = mkdtempSync(join(tmpdir(), 'helen-systolic-'));
let n = 0;

function arch(params: Record<string, unknown>): string {
  const file = join(dir, `arch${n++}.yaml`);
  const p = Object.entries(params)
    .map(([k, v]) => `      ${k}: ${v}`)
    .join('\n');
  writeFileSync(file, `name: sa\nclock: 1GHz\ncomponents:\n  sa:\n    type: systolic.array\n    params:\n${p}\n`);
  return file;
}

function ops(lines: object[]): string {
  const file = join(dir, `ops${n++}.jsonl`);
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

function run(architecture: string, workload: string, onModel?: (m: Elaboration) => void) {
  let model: Elaboration | undefined;
  const report = runSimulation({ architecture, workload, onModel: (m) => ((model = m), onModel?.(m)) });
  return { report, array: model!.sim.component('sa') as SystolicArray };
}

describe('systolic.array component', () => {
  it('returns A·B computed PE by PE when detailed, with per-PE activity on the trace bus', () => {
    const a = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const b = [
      [1, 0],
      [0, 1],
      [2, -1],
    ];
    const signals: SignalChange[] = [];
    const { report, array } = run(
      arch({ rows: 2, cols: 2, dataflow: 'ws', detailed: true }),
      ops([{ to: 'sa', op: 'gemm', M: 2, N: 2, K: 3, a, b }]),
      (m) => m.sim.trace.subscribe('signal', (s) => signals.push(s)),
    );
    expect(array.lastResult).toEqual(matmul(a, b));
    // WS 2×2, K=3 → 2 row folds of 2R + C + M − 2 = 6 cycles.
    expect(report.cycles).toBe(12);
    const rises = signals.filter((s) => s.signal.endsWith('.mac') && s.value === 1);
    // Every useful MAC is one PE-cycle of activity; a PE can stay active across consecutive cycles, so rises ≤ MACs.
    expect(rises.length).toBeGreaterThan(0);
    expect(rises.length).toBeLessThanOrEqual(2 * 2 * 3);
    expect(rises[0]).toMatchObject({ component: 'sa', signal: 'pe[0][0].mac', timePs: 2000 });
    expect(signals.filter((s) => s.signal.endsWith('.mac') && s.value === 0).length).toBe(rises.length);
  });

  it('property: detailed and fold-model runs take the same time and charge the same MAC energy', () => {
    const shape = fc.record({
      rows: fc.integer({ min: 1, max: 5 }),
      cols: fc.integer({ min: 1, max: 5 }),
      dataflow: fc.constantFrom('os', 'ws', 'is'),
    });
    const dim = fc.integer({ min: 1, max: 9 });
    fc.assert(
      fc.property(
        shape,
        fc.array(fc.record({ M: dim, N: dim, K: dim }), { minLength: 1, maxLength: 3 }),
        (s, gemms) => {
          const workload = ops(gemms.map((g) => ({ to: 'sa', op: 'gemm', ...g })));
          const fast = run(arch({ ...s, mac_energy: '1pJ' }), workload).report;
          const slow = run(arch({ ...s, mac_energy: '1pJ', detailed: true }), workload).report;
          const expected = gemms.reduce((t, g) => t + foldTiming(s as never, g).computeCycles, 0);
          expect(fast.time_ps).toBe(expected * 1000);
          expect(slow.time_ps).toBe(fast.time_ps);
          expect(slow.energy_pj).toBe(fast.energy_pj);
          expect(fast.energy_pj).toBe(gemms.reduce((e, g) => e + g.M * g.N * g.K, 0));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('computes values in fast mode too when operands are given, and runs on its own frequency', () => {
    const { report, array } = run(
      arch({ rows: 4, cols: 4, frequency: '500MHz' }),
      ops([{ to: 'sa', op: 'gemm', M: 1, N: 1, K: 2, a: [[3, -4]], b: [[5], [6]] }]),
    );
    expect(array.lastResult).toEqual([[-9]]);
    // One OS fold: 2 + 4 + 4 − 2 = 8 cycles of 2 ns.
    expect(report.time_ps).toBe(16_000);
  });

  it('rejects malformed gemm operations with the trace line', () => {
    const fail = (line: object, params: Record<string, unknown> = { rows: 2, cols: 2 }): string => {
      try {
        run(arch(params), ops([line]));
      } catch (e) {
        if (e instanceof HelenError) return e.format();
        throw e;
      }
      throw new Error('expected an error');
    };
    expect(fail({ to: 'sa', op: 'gemm', M: 2, N: 0, K: 1 })).toMatch(
      /ops\d+\.jsonl:1:30: N: operation "gemm": argument "N" must be a whole number ≥ 1, got 0 \[E_OP\]$/,
    );
    expect(fail({ to: 'sa', op: 'conv', M: 2 })).toMatch(/does not know operation "conv"; it accepts: gemm/);
    expect(fail({ to: 'sa', op: 'gemm', M: 1, N: 1, K: 1, a: [[200]], b: [[1]] })).toMatch(
      /argument "a" must be a 1×1 array of whole numbers in \[-128, 127\] \(8-bit operands\); element \[0\]\[0\] is 200/,
    );
    expect(fail({ to: 'sa', op: 'gemm', M: 1, N: 1, K: 1, a: [[1]] })).toMatch(
      /give both operands "a" and "b", or neither/,
    );
    expect(fail({ to: 'sa', op: 'gemm', M: 4000, N: 4000, K: 4000 }, { rows: 2, cols: 2, detailed: true })).toMatch(
      /too many for the detailed model/,
    );
  });
});
