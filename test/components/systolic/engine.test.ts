import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../api/run.js';
import { errorOf } from '../../support/helen-error.js';

const dir = mkdtempSync(join(tmpdir(), 'helen-engine-'));
let n = 0;

/** A small engine: two 4×4 arrays, an SRAM and an HBM of 1 byte per ps with 100 ps latency, and the given extra children. */
function engine(extra = '', sram = '      sram: { type: systolic.sram }\n'): string {
  const file = join(dir, `engine${n++}.yaml`);
  writeFileSync(
    file,
    'name: e\nclock: 1GHz\ncomponents:\n  chip:\n    type: systolic.engine\n    children:\n' +
      '      mxu: { type: systolic.array, count: 2, params: { rows: 4, cols: 4 } }\n' +
      sram +
      '      hbm: { type: systolic.hbm, params: { channels: 1, burst: 1B, bandwidth: 1TB/s, latency: 100ps } }\n' +
      extra,
  );
  return file;
}

function ops(lines: object[]): string {
  const file = join(dir, `ops${n++}.jsonl`);
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

describe('systolic.engine and systolic.hbm operations and slots', () => {
  it('finds its hardware through its slots: a missing SRAM is a located slot error', () => {
    const e = errorOf(() =>
      runSimulation({ architecture: engine('', ''), workload: ops([{ to: 'chip', op: 'gemm', M: 4, N: 4, K: 4 }]) }),
    );
    expect(e.format()).toMatch(
      /engine\d+\.yaml:\d+:\d+: .*chip \(systolic\.engine\): slot "sram" needs exactly 1 systolic\.sram below it, found 0 .*\[E_SLOT\]/,
    );
  });

  it('checks its arguments where they are declared, and refuses vector work without a vector unit', () => {
    const arch = engine();
    const fail = (line: object): string =>
      errorOf(() => runSimulation({ architecture: arch, workload: ops([line]) })).format();
    expect(fail({ to: 'chip', op: 'gemm', M: 4, N: 4, K: 4, b_kind: 'disk' })).toMatch(
      /operation "gemm": argument "b_kind" must be one of "act", "weight", "kv", got "disk" \[E_OP\]$/,
    );
    expect(fail({ to: 'chip', op: 'gemm', M: 4, N: 4 })).toMatch(
      /operation "gemm" needs argument "K" \(reduction length\), a whole number/,
    );
    expect(fail({ to: 'chip', op: 'vector', elements: 8 })).toMatch(
      /chip has no systolic\.vector for operation "vector"/,
    );
    expect(fail({ to: 'chip', op: 'conv', M: 4 })).toMatch(/does not know operation "conv"; it accepts: gemm, vector/);
  });

  it('HBM reads and writes queue on the bus: 1000 B each at 1 B/ps, plus 100 ps latency, end at 1100 and 2100 ps', () => {
    const r = runSimulation({
      architecture: engine(),
      workload: ops([
        { to: 'chip.hbm', op: 'read', bytes: 1000 },
        { to: 'chip.hbm', op: 'write', bytes: 1000 },
      ]),
    });
    expect(r.time_ps).toBe(2100);
    expect(r.components['chip.hbm']!.counters).toMatchObject({ bytes_read: 1000, bytes_written: 1000 });
  });
  // The tile pipeline is one event: the kernel's check between events never came, and --max-wall did not stop it.
  it.each([
    { case: 'one 10⁶ × 10⁶ × 10⁶ GEMM', lines: [{ to: 'chip', op: 'gemm', M: 1e6, N: 1e6, K: 1e6 }] },
    {
      case: 'a GEMM after a small one',
      lines: [
        { to: 'chip', op: 'gemm', M: 4, N: 4, K: 4 },
        { to: 'chip', op: 'gemm', M: 4e5, N: 4e5, K: 4e5, count: 64 },
      ],
    },
  ])(
    '$case ends at the wall-clock bound, with reason wall-clock and a report',
    ({ lines }) => {
      const t0 = performance.now();
      const r = runSimulation({ architecture: engine(), workload: ops(lines), wallClockMs: 300 });
      expect(performance.now() - t0).toBeLessThan(30_000);
      expect(r.stop.reason).toBe('wall-clock');
      expect(r.stop.message).toMatch(/wall-clock budget of 300 ms used inside an event/);
      expect(r.operations).toBe(lines.length);
    },
    60_000,
  );
});
