/** The two roofs of a machine, per cycle of its clock. */
export interface RooflineMachine {
  /** Peak FLOPs per cycle of all arrays (2 per MAC). */
  peakFlopsPerCycle: number;
  /** HBM bandwidth in bytes per cycle. */
  hbmBytesPerCycle: number;
  /** Clock the cycles are counted in. */
  clockHz: number;
  /** Element operations per cycle of the vector unit (its own compute roof), when there is one. */
  vectorOpsPerCycle?: number;
}

/** What one simulated operation did, for the roofline and the per-op table. */
export interface OpRecord {
  /** Name the workload gave the operation (e.g. `q_proj`, `softmax`). */
  label: string;
  /** Array GEMM or vector-unit work. */
  kind: 'gemm' | 'vector';
  /** FLOPs (2 per MAC; one per vector element op). */
  flops: number;
  /** Bytes moved to and from HBM. */
  hbmBytes: number;
  /** Simulated cycles. */
  cycles: number;
  /** Cycles of ideal-memory compute. */
  computeCycles: number;
  /** Cycles waiting for SRAM. */
  sramStallCycles: number;
  /** Cycles waiting for HBM. */
  hbmStallCycles: number;
  /** max(FLOPs / peak, bytes / bandwidth) in cycles: no simulated op may take fewer. */
  boundCycles: number;
}

/** Machine balance: FLOPs per HBM byte at which both roofs meet (of the arrays, or of a unit of peak `peakPerCycle`). */
export function machineBalance(m: RooflineMachine, peakPerCycle = m.peakFlopsPerCycle): number {
  return peakPerCycle / m.hbmBytesPerCycle;
}

/**
 * The roofline bound of an operation, in cycles (not rounded). `peakPerCycle`
 * is the compute roof of the unit that ran it: the arrays' by default, the
 * vector unit's element ops per cycle for vector work.
 */
export function rooflineBoundCycles(
  m: RooflineMachine,
  flops: number,
  hbmBytes: number,
  peakPerCycle = m.peakFlopsPerCycle,
): number {
  return Math.max(flops / peakPerCycle, hbmBytes / m.hbmBytesPerCycle);
}

/** FLOPs per HBM byte (Infinity for an operation that moves none). */
export function arithmeticIntensity(flops: number, hbmBytes: number): number {
  return hbmBytes > 0 ? flops / hbmBytes : Infinity;
}
