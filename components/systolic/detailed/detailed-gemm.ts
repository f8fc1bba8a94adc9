import type { ArrayShape } from '../dataflow.js';
import { zeros, type Matrix } from '../matrix.js';
import type { FoldEngine } from './fold-engine.js';
import { OsFold } from './os-fold.js';
import { StationaryFold, type Operand } from './stationary-fold.js';

const PAD: Operand = { value: 0, real: false };

/** One fold of the tiling: which slice of the GEMM it covers. */
interface FoldSlice {
  /** Start of the slice along the array rows (in Sr). */
  r0: number;
  /** Start of the slice along the array columns (in Sc). */
  c0: number;
}

/**
 * A whole GEMM on the PE grid, cycle by cycle: folds run one after another
 * (column folds outermost, as in SCALE-Sim), each starting the cycle after the
 * previous one delivered its last output. Values are real: the result is the
 * array's, not a formula's. K-folds of WS and IS add their partial sums into
 * the output buffer.
 */
export class DetailedGemm {
  /** C = A·B as the array computed it. */
  readonly result: Matrix;
  /** Cycles run so far, over all folds. */
  cycles = 0;
  /** Cycles each finished fold took. */
  readonly foldCycles: number[] = [];
  private readonly slices: FoldSlice[] = [];
  private engine: FoldEngine | undefined;
  private macsBefore = 0;
  private readonly M: number;
  private readonly N: number;
  private readonly K: number;

  constructor(
    readonly array: ArrayShape,
    private readonly a: Matrix,
    private readonly b: Matrix,
  ) {
    this.M = a.length;
    this.K = b.length;
    this.N = b[0]?.length ?? 0;
    if (a.some((row) => row.length !== this.K))
      throw new RangeError(`A must be ${this.M}×${this.K} to multiply B (${this.K}×${this.N})`);
    this.result = zeros(this.M, this.N);
    const { rows: R, cols: C, dataflow } = array;
    const Sr = dataflow === 'os' ? this.M : this.K;
    const Sc = dataflow === 'is' ? this.M : this.N;
    for (let c0 = 0; c0 < Sc; c0 += C) for (let r0 = 0; r0 < Sr; r0 += R) this.slices.push({ r0, c0 });
    this.slices.reverse();
  }

  /** Useful MACs done so far. */
  get usefulMacs(): number {
    return this.macsBefore + (this.engine?.usefulMacs ?? 0);
  }

  /** Per-PE activity of the cycle just run (row-major R×C; 1 = a useful MAC); undefined before the first step. */
  active: Uint8Array | undefined;

  /** Whether every fold has finished. */
  get done(): boolean {
    return this.engine === undefined && this.slices.length === 0;
  }

  /** Runs one cycle; returns true while cycles remain. */
  step(): boolean {
    if (!this.engine) {
      const slice = this.slices.pop();
      if (!slice) return false;
      this.engine = this.makeFold(slice);
    }
    const more = this.engine.step();
    this.active = this.engine.active;
    this.cycles++;
    if (!more) {
      this.foldCycles.push(this.engine.cycles);
      this.macsBefore += this.engine.usefulMacs;
      this.engine = undefined;
    }
    return !this.done;
  }

  /** Runs to the end. */
  run(): this {
    while (this.step());
    return this;
  }

  private makeFold({ r0, c0 }: FoldSlice): FoldEngine {
    const { rows: R, cols: C, dataflow } = this.array;
    const { a, b, M, N, K, result } = this;
    if (dataflow === 'os') return new OsFold(R, C, a, b, r0, c0, K, result);
    if (dataflow === 'ws') {
      // PE(r, c) holds B[r0+r][c0+c]; row m of A streams past; outputs are C[m][c0+c].
      return new StationaryFold(R, C, {
        T: M,
        held: (r, c) => (r0 + r < K && c0 + c < N ? { value: b[r0 + r]![c0 + c]!, real: true } : PAD),
        streamed: (m, r) => (r0 + r < K ? { value: a[m]![r0 + r]!, real: true } : PAD),
        emit: (m, c, v) => {
          if (c0 + c < N) result[m]![c0 + c]! += v;
        },
      });
    }
    // IS: PE(r, c) holds A[c0+c][r0+r]; column n of B streams past; outputs are C[c0+c][n].
    return new StationaryFold(R, C, {
      T: N,
      held: (r, c) => (r0 + r < K && c0 + c < M ? { value: a[c0 + c]![r0 + r]!, real: true } : PAD),
      streamed: (n, r) => (r0 + r < K ? { value: b[r0 + r]![n]!, real: true } : PAD),
      emit: (n, c, v) => {
        if (c0 + c < M) result[c0 + c]![n]! += v;
      },
    });
  }
}

/** Runs a GEMM through the detailed model: the array's result, cycles and useful MACs. */
export function simulateGemm(
  array: ArrayShape,
  a: Matrix,
  b: Matrix,
): { result: Matrix; cycles: number; foldCycles: number[]; usefulMacs: number } {
  const g = new DetailedGemm(array, a, b).run();
  return { result: g.result, cycles: g.cycles, foldCycles: g.foldCycles, usefulMacs: g.usefulMacs };
}
