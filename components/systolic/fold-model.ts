import { spatioTemporal, type ArrayShape, type GemmShape } from './dataflow.js';

/** What the fold-level model predicts for one GEMM on one array (ideal bandwidth: no memory stalls). */
export interface FoldTiming {
  /** Extent on the array rows (SCALE-Sim's Sr). */
  Sr: number;
  /** Extent on the array columns (Sc). */
  Sc: number;
  /** Extent streamed in time (T). */
  T: number;
  /** ceil(Sr / R). */
  rowFolds: number;
  /** ceil(Sc / C). */
  colFolds: number;
  /** rowFolds × colFolds: tiles run one after another. */
  folds: number;
  /** Cycles of one fold: T + R + C − 2 (os) or 2R + C + T − 2 (ws, is). */
  cyclesPerFold: number;
  /** folds × cyclesPerFold: the length of SCALE-Sim v2's schedule (rows of its demand matrices). */
  computeCycles: number;
  /** What SCALE-Sim v2 prints as "Compute cycles" without stalls: the 0-based index of its last cycle. */
  scalesimReportedCycles: number;
  /** Useful multiply-accumulates: M × N × K. */
  macs: number;
  /** PE-cycles offered: R × C × computeCycles. */
  peCycles: number;
  /** macs / peCycles. */
  utilisation: number;
  /** Mean over folds of (PEs mapped / R·C), SCALE-Sim's "mapping efficiency". */
  mappingEfficiency: number;
}

/**
 * The fast model: SCALE-Sim v2's compute cycles for a GEMM in closed form.
 * SCALE-Sim pads every fold to the whole array, so a fold costs the same
 * whatever part of it is used; folds do not overlap.
 */
export function foldTiming(array: ArrayShape, g: GemmShape): FoldTiming {
  const { rows: R, cols: C } = array;
  const { Sr, Sc, T } = spatioTemporal(array.dataflow, g);
  const rowFolds = Math.ceil(Sr / R);
  const colFolds = Math.ceil(Sc / C);
  const folds = rowFolds * colFolds;
  // OS has nothing to preload; WS and IS first shift the stationary tile in over R cycles.
  const cyclesPerFold = array.dataflow === 'os' ? T + R + C - 2 : 2 * R + C + T - 2;
  const computeCycles = folds * cyclesPerFold;
  const macs = g.M * g.N * g.K;
  const peCycles = R * C * computeCycles;
  // Used rows summed over row folds is Sr (likewise Sc), so the mean factorises.
  const mappingEfficiency = (Sr * Sc) / (folds * R * C);
  return {
    Sr,
    Sc,
    T,
    rowFolds,
    colFolds,
    folds,
    cyclesPerFold,
    computeCycles,
    scalesimReportedCycles: computeCycles - 1,
    macs,
    peCycles,
    utilisation: macs / peCycles,
    mappingEfficiency,
  };
}
