import { arithmeticIntensity, machineBalance, type OpRecord, type RooflineMachine } from '../roofline.js';

/** One row of the roofline table: an operation label summed over its occurrences. */
export interface RooflineRow {
  label: string;
  /** The unit whose compute roof applies: the arrays (GEMMs) or the vector unit. */
  unit: 'array' | 'vector';
  operations: number;
  /** FLOPs (2 per MAC; one per vector element op). */
  flops: number;
  hbmBytes: number;
  /** FLOPs per HBM byte (Infinity when the operation moved no HBM byte). */
  intensity: number;
  /** FLOPs per byte where the unit's compute roof meets the HBM slope. */
  balance: number;
  /** `memory` when the intensity is below the unit's balance, else `compute`. */
  boundBy: 'memory' | 'compute';
  /** min(unit peak, intensity × HBM bytes per cycle), in FLOPs per cycle. */
  attainableFlopsPerCycle: number;
  /** FLOPs / simulated cycles. */
  achievedFlopsPerCycle: number;
  cycles: number;
  computeCycles: number;
  sramStallCycles: number;
  hbmStallCycles: number;
  /** Roofline bound / simulated cycles = achieved / attainable (≤ 1). */
  efficiency: number;
}

type Summed = OpRecord & { operations: number };

/** The compute roof, per cycle, of the unit that runs operations of `kind`. */
export function unitPeakPerCycle(m: RooflineMachine, kind: OpRecord['kind']): number {
  return kind === 'vector' && m.vectorOpsPerCycle ? m.vectorOpsPerCycle : m.peakFlopsPerCycle;
}

function row(r: Summed, m: RooflineMachine): RooflineRow {
  const peak = unitPeakPerCycle(m, r.kind);
  const intensity = arithmeticIntensity(r.flops, r.hbmBytes);
  const balance = machineBalance(m, peak);
  return {
    label: r.label,
    unit: r.kind === 'vector' ? 'vector' : 'array',
    operations: r.operations,
    flops: r.flops,
    hbmBytes: r.hbmBytes,
    intensity,
    balance,
    boundBy: intensity < balance ? 'memory' : 'compute',
    attainableFlopsPerCycle: Math.min(peak, intensity * m.hbmBytesPerCycle),
    achievedFlopsPerCycle: r.cycles > 0 ? r.flops / r.cycles : 0,
    cycles: r.cycles,
    computeCycles: r.computeCycles,
    sramStallCycles: r.sramStallCycles,
    hbmStallCycles: r.hbmStallCycles,
    efficiency: r.cycles > 0 ? r.boundCycles / r.cycles : 1,
  };
}

/** The roofline table of a run, from the engine's per-label sums. */
export function rooflineRows(byLabel: ReadonlyMap<string, Summed>, m: RooflineMachine): RooflineRow[] {
  return [...byLabel.values()].map((r) => row(r, m));
}

/**
 * One total per stage (the label's prefix before the first dot: `prefill`,
 * `decode`): FLOPs, bytes and cycles summed. Its roof is that of its mix of
 * operations: attainable = FLOPs / Σ op bounds, efficiency = Σ bounds / Σ
 * cycles, and it is `memory` bound when memory-bound ops hold most of the bound.
 */
export function stageTotals(rows: readonly RooflineRow[], m: RooflineMachine): RooflineRow[] {
  const byStage = new Map<string, RooflineRow[]>();
  for (const r of rows) {
    const stage = r.label.includes('.') ? r.label.slice(0, r.label.indexOf('.')) : r.label;
    byStage.set(stage, [...(byStage.get(stage) ?? []), r]);
  }
  return [...byStage].map(([stage, rs]) => {
    const sum = (f: (r: RooflineRow) => number): number => rs.reduce((a, r) => a + f(r), 0);
    const boundCycles = sum((r) => r.efficiency * r.cycles);
    const memoryBound = sum((r) => (r.boundBy === 'memory' ? r.efficiency * r.cycles : 0));
    const t = row(
      {
        label: `${stage} (all ops)`,
        kind: 'gemm',
        flops: sum((r) => r.flops),
        hbmBytes: sum((r) => r.hbmBytes),
        cycles: sum((r) => r.cycles),
        computeCycles: sum((r) => r.computeCycles),
        sramStallCycles: sum((r) => r.sramStallCycles),
        hbmStallCycles: sum((r) => r.hbmStallCycles),
        boundCycles,
        operations: sum((r) => r.operations),
      },
      m,
    );
    return {
      ...t,
      attainableFlopsPerCycle: boundCycles > 0 ? t.flops / boundCycles : t.attainableFlopsPerCycle,
      boundBy: 2 * memoryBound >= boundCycles ? 'memory' : 'compute',
    };
  });
}

/** Columns of the roofline table in the run summary (`tableRows` fills them). */
export const ROOFLINE_COLUMNS = [
  'op',
  'count',
  'GFLOP',
  'HBM MB',
  'FLOP/B',
  'balance FLOP/B',
  'attainable TFLOP/s',
  'achieved TFLOP/s',
  'bound',
  'of roof %',
  'compute cycles',
  'sram stall',
  'hbm stall',
];

/** A row as cells of ROOFLINE_COLUMNS (JSON-safe: an on-chip intensity is the text `on-chip`). */
export function tableRow(r: RooflineRow, m: RooflineMachine): (string | number)[] {
  const tflops = (perCycle: number): number => (perCycle * m.clockHz) / 1e12;
  return [
    r.label,
    r.operations,
    r.flops / 1e9,
    r.hbmBytes / 1e6,
    Number.isFinite(r.intensity) ? r.intensity : 'on-chip',
    r.balance,
    tflops(r.attainableFlopsPerCycle),
    tflops(r.achievedFlopsPerCycle),
    r.boundBy,
    100 * r.efficiency,
    r.computeCycles,
    Math.round(r.sramStallCycles),
    Math.round(r.hbmStallCycles),
  ];
}

/** What the HTML report's `roofline` view draws (JSON-safe). */
export interface RooflineViewData {
  /** Compute roof of the arrays, FLOP/s. */
  peak_flops_per_s: number;
  /** HBM bandwidth, bytes/s: the slope of the memory roof. */
  hbm_bytes_per_s: number;
  /** Compute roof of the vector unit, element ops/s, when there is one. */
  vector_ops_per_s?: number;
  /** One point per operation label. */
  ops: {
    label: string;
    unit: 'array' | 'vector';
    operations: number;
    flops: number;
    hbm_bytes: number;
    /** FLOPs per HBM byte; null when the operation moved no HBM byte (drawn at the right edge). */
    intensity: number | null;
    attainable_flops_per_s: number;
    achieved_flops_per_s: number;
    bound: 'memory' | 'compute';
  }[];
}

/** The view data of a run's roofline rows. */
export function rooflineViewData(rows: readonly RooflineRow[], m: RooflineMachine): RooflineViewData {
  return {
    peak_flops_per_s: m.peakFlopsPerCycle * m.clockHz,
    hbm_bytes_per_s: m.hbmBytesPerCycle * m.clockHz,
    ...(m.vectorOpsPerCycle ? { vector_ops_per_s: m.vectorOpsPerCycle * m.clockHz } : {}),
    ops: rows.map((r) => ({
      label: r.label,
      unit: r.unit,
      operations: r.operations,
      flops: r.flops,
      hbm_bytes: r.hbmBytes,
      intensity: Number.isFinite(r.intensity) ? r.intensity : null,
      attainable_flops_per_s: r.attainableFlopsPerCycle * m.clockHz,
      achieved_flops_per_s: r.achievedFlopsPerCycle * m.clockHz,
      bound: r.boundBy,
    })),
  };
}

/** The table as text, with the machine balance on top. */
export function formatRoofline(rows: readonly RooflineRow[], m: RooflineMachine): string {
  const head = [
    'op',
    'count',
    'GFLOP',
    'HBM MB',
    'FLOP/B',
    'bound',
    'cycles',
    'compute',
    'sram stall',
    'hbm stall',
    'roofline %',
  ];
  const body = rows.map((r) => [
    r.label,
    String(r.operations),
    (r.flops / 1e9).toFixed(2),
    (r.hbmBytes / 1e6).toFixed(2),
    Number.isFinite(r.intensity) ? r.intensity.toFixed(1) : 'on-chip',
    r.boundBy,
    String(r.cycles),
    String(r.computeCycles),
    String(Math.round(r.sramStallCycles)),
    String(Math.round(r.hbmStallCycles)),
    (100 * r.efficiency).toFixed(1),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 || i === 5 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join('  ');
  return (
    [
      `machine balance ${machineBalance(m).toFixed(1)} FLOP/B (peak ${((m.peakFlopsPerCycle * m.clockHz) / 1e12).toFixed(1)} TFLOP/s, HBM ${((m.hbmBytesPerCycle * m.clockHz) / 1e12).toFixed(2)} TB/s)`,
      line(head),
      ...body.map(line),
    ].join('\n') + '\n'
  );
}
