/**
 * Dataflows of a systolic array and how a GEMM maps onto one, as SCALE-Sim v2
 * defines them (see docs/systolic.md). A GEMM is C[M×N] = A[M×K] · B[K×N]:
 * A is SCALE-Sim's IFMAP operand matrix, B its filter matrix, C its OFMAP.
 */

/** Which operand stays in the PEs: output (os), weight (ws) or input (is) stationary. */
export type Dataflow = 'os' | 'ws' | 'is';

/** The dataflows, in the order SCALE-Sim lists them. */
export const DATAFLOWS = ['os', 'ws', 'is'] as const;

/** Dimensions of one GEMM: C[M×N] = A[M×K] · B[K×N]. */
export interface GemmShape {
  /** Rows of A and C (for a conv: output pixels). */
  M: number;
  /** Columns of B and C (for a conv: filters). */
  N: number;
  /** Reduction length: columns of A, rows of B (for a conv: filter height × width × channels). */
  K: number;
}

/** An R×C array running one dataflow. */
export interface ArrayShape {
  /** PE rows (R). */
  rows: number;
  /** PE columns (C). */
  cols: number;
  dataflow: Dataflow;
}

/**
 * SCALE-Sim's spatio-temporal dimensions of a GEMM: Sr is laid along the
 * array's rows, Sc along its columns, T is streamed through time.
 */
export interface SpatioTemporal {
  /** Extent mapped on the array rows. */
  Sr: number;
  /** Extent mapped on the array columns. */
  Sc: number;
  /** Extent streamed in time (cycles of operand streaming per fold). */
  T: number;
}

/**
 * OS: Sr = M, Sc = N, T = K (each PE owns one output).
 * WS: Sr = K, Sc = N, T = M (each PE holds one weight of B).
 * IS: Sr = K, Sc = M, T = N (each PE holds one input of A).
 */
export function spatioTemporal(dataflow: Dataflow, g: GemmShape): SpatioTemporal {
  switch (dataflow) {
    case 'os':
      return { Sr: g.M, Sc: g.N, T: g.K };
    case 'ws':
      return { Sr: g.K, Sc: g.N, T: g.M };
    case 'is':
      return { Sr: g.K, Sc: g.M, T: g.N };
  }
}
