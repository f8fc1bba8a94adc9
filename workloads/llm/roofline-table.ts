import type { OpRecord, RooflineMachine } from '../../components/systolic/index.js';
import { arithmeticIntensity, machineBalance } from '../../components/systolic/index.js';

/** One row of the roofline table: an operation label summed over its occurrences. */
export interface RooflineRow {
  label: string;
  operations: number;
  flops: number;
  hbmBytes: number;
  /** FLOPs per HBM byte. */
  intensity: number;
  /** `memory` when the intensity is below the machine balance, else `compute`. */
  boundBy: 'memory' | 'compute';
  cycles: number;
  computeCycles: number;
  sramStallCycles: number;
  hbmStallCycles: number;
  /** Roofline bound / simulated cycles (≤ 1). */
  efficiency: number;
}

/** The roofline table of a run, from the engine's per-label sums. */
export function rooflineRows(byLabel: ReadonlyMap<string, OpRecord & { operations: number }>, m: RooflineMachine): RooflineRow[] {
  const balance = machineBalance(m);
  return [...byLabel.values()].map((r) => {
    const intensity = arithmeticIntensity(r.flops, r.hbmBytes);
    return {
      label: r.label, operations: r.operations, flops: r.flops, hbmBytes: r.hbmBytes, intensity, boundBy: intensity < balance ? 'memory' : 'compute',
      cycles: r.cycles, computeCycles: r.computeCycles, sramStallCycles: r.sramStallCycles, hbmStallCycles: r.hbmStallCycles,
      efficiency: r.cycles > 0 ? r.boundCycles / r.cycles : 1,
    };
  });
}

/** The table as text, with the machine balance on top. */
export function formatRoofline(rows: readonly RooflineRow[], m: RooflineMachine): string {
  const head = ['op', 'count', 'GFLOP', 'HBM MB', 'FLOP/B', 'bound', 'cycles', 'compute', 'sram stall', 'hbm stall', 'roofline %'];
  const body = rows.map((r) => [
    r.label, String(r.operations), (r.flops / 1e9).toFixed(2), (r.hbmBytes / 1e6).toFixed(2), Number.isFinite(r.intensity) ? r.intensity.toFixed(1) : 'on-chip', r.boundBy,
    String(r.cycles), String(r.computeCycles), String(r.sramStallCycles), String(r.hbmStallCycles), (100 * r.efficiency).toFixed(1),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 || i === 5 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join('  ');
  return [`machine balance ${machineBalance(m).toFixed(1)} FLOP/B (peak ${((m.peakFlopsPerCycle * m.clockHz) / 1e12).toFixed(1)} TFLOP/s, HBM ${((m.hbmBytesPerCycle * m.clockHz) / 1e12).toFixed(2)} TB/s)`, line(head), ...body.map(line)].join('\n') + '\n';
}
