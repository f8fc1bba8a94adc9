/**
 * One fold (one tile of the GEMM) on the PE grid, advanced one clock cycle at
 * a time. Registers are updated synchronously: every PE reads its neighbours'
 * registers as they were at the end of the previous cycle.
 */
export interface FoldEngine {
  /** Runs one cycle; returns true while the fold still has outputs to deliver after this cycle. */
  step(): boolean;
  /** Per PE (row-major, R×C), 1 if it did a useful MAC (both operands real) in the cycle just run. */
  readonly active: Uint8Array;
  /** Useful MACs done so far. */
  readonly usefulMacs: number;
  /** Cycles run so far. */
  readonly cycles: number;
}

/** A model invariant broke: a bug in the engine, never a user error. */
export class SystolicInvariantError extends Error {
  override readonly name = 'SystolicInvariantError';
}
