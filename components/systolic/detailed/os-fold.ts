import type { Matrix } from '../matrix.js';
import { SystolicInvariantError, type FoldEngine } from './fold-engine.js';

/**
 * Output-stationary fold: PE(i, j) accumulates C[m0+i][n0+j]. Row i of A
 * enters the left edge skewed by i cycles and moves right one PE per cycle;
 * column j of B enters the top edge skewed by j and moves down, so A[·][k] and
 * B[k][·] meet in PE(i, j) at cycle i + j + k. After its K-th MAC a PE puts
 * its sum on its column's output bus in the same cycle: the PEs of one column
 * finish on consecutive cycles, so the bus never carries two values at once
 * (checked). Rows and columns beyond the tile carry padding tokens, as
 * SCALE-Sim pads every fold to the whole array.
 */
export class OsFold implements FoldEngine {
  readonly active: Uint8Array;
  usefulMacs = 0;
  cycles = 0;
  private readonly aVal: Float64Array;
  private readonly aTag: Int32Array;
  private readonly aReal: Uint8Array;
  private readonly bVal: Float64Array;
  private readonly bTag: Int32Array;
  private readonly bReal: Uint8Array;
  private readonly acc: Float64Array;
  private readonly busCycle: Int32Array;
  private emitted = 0;
  private readonly usedRows: number;
  private readonly usedCols: number;

  constructor(
    private readonly R: number,
    private readonly C: number,
    private readonly a: Matrix,
    private readonly b: Matrix,
    private readonly m0: number,
    private readonly n0: number,
    private readonly K: number,
    private readonly out: Matrix,
  ) {
    const n = R * C;
    this.active = new Uint8Array(n);
    this.aVal = new Float64Array(n);
    this.aTag = new Int32Array(n).fill(-1);
    this.aReal = new Uint8Array(n);
    this.bVal = new Float64Array(n);
    this.bTag = new Int32Array(n).fill(-1);
    this.bReal = new Uint8Array(n);
    this.acc = new Float64Array(n);
    this.busCycle = new Int32Array(C).fill(-1);
    this.usedRows = Math.min(R, a.length - m0);
    this.usedCols = Math.min(C, (b[0]?.length ?? 0) - n0);
  }

  step(): boolean {
    const { R, C, K } = this;
    const t = this.cycles;
    this.active.fill(0);
    // Bottom-right first, so left and upper neighbours still hold last cycle's registers.
    for (let i = R - 1; i >= 0; i--) {
      for (let j = C - 1; j >= 0; j--) {
        const p = i * C + j;
        let aTag: number, aVal: number, aReal: number;
        if (j === 0) {
          const k = t - i;
          aTag = k >= 0 && k < K ? k : -1;
          aReal = aTag >= 0 && i < this.usedRows ? 1 : 0;
          aVal = aReal ? this.a[this.m0 + i]![k]! : 0;
        } else {
          aTag = this.aTag[p - 1]!;
          aVal = this.aVal[p - 1]!;
          aReal = this.aReal[p - 1]!;
        }
        let bTag: number, bVal: number, bReal: number;
        if (i === 0) {
          const k = t - j;
          bTag = k >= 0 && k < K ? k : -1;
          bReal = bTag >= 0 && j < this.usedCols ? 1 : 0;
          bVal = bReal ? this.b[k]![this.n0 + j]! : 0;
        } else {
          bTag = this.bTag[p - C]!;
          bVal = this.bVal[p - C]!;
          bReal = this.bReal[p - C]!;
        }
        if (aTag !== bTag)
          throw new SystolicInvariantError(`OS PE(${i},${j}) cycle ${t}: A carries k=${aTag}, B carries k=${bTag}`);
        if (aTag >= 0) {
          if (aReal && bReal) {
            this.acc[p]! += aVal * bVal;
            this.active[p] = 1;
            this.usefulMacs++;
          }
          if (aTag === K - 1) this.drain(i, j, p, t);
        }
        this.aTag[p] = aTag;
        this.aVal[p] = aVal;
        this.aReal[p] = aReal;
        this.bTag[p] = bTag;
        this.bVal[p] = bVal;
        this.bReal[p] = bReal;
      }
    }
    this.cycles++;
    return this.emitted < R * C;
  }

  private drain(i: number, j: number, p: number, t: number): void {
    if (this.busCycle[j] === t)
      throw new SystolicInvariantError(`OS column ${j}: two results on the output bus in cycle ${t}`);
    this.busCycle[j] = t;
    if (i < this.usedRows && j < this.usedCols) this.out[this.m0 + i]![this.n0 + j] = this.acc[p]!;
    this.acc[p] = 0;
    this.emitted++;
  }
}
