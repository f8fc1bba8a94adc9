import { SystolicInvariantError, type FoldEngine } from './fold-engine.js';

/** An operand as the array sees it: a value, and whether it is real data or padding. */
export interface Operand {
  value: number;
  /** False for the zero padding that fills unused rows and columns. */
  real: boolean;
}

/** What a weight- or input-stationary fold computes with: the tile held in the PEs and the vectors streamed past it. */
export interface StationaryTile {
  /** Value held by PE(r, c) once preloaded. */
  held(r: number, c: number): Operand;
  /** Element r of the t-th streamed vector (t < T), entering array row r. */
  streamed(t: number, r: number): Operand;
  /** Number of streamed vectors. */
  T: number;
  /** Receives output (t, c): Σ_r streamed(t, r) · held(r, c), from the bottom of column c. */
  emit(t: number, c: number, value: number): void;
}

/**
 * Weight- or input-stationary fold. Cycles 0…R−1 preload: the held tile is
 * shifted down the columns from the top edge, bottom row first, so that after
 * R cycles row r holds tile row r. Then streamed vector t enters row r at the
 * left edge in cycle R + t + r (skewed) and moves right one PE per cycle,
 * while partial sums move down one PE per cycle; the sum for (t, c) leaves
 * the bottom of column c in cycle 2R − 1 + t + c. The fold ends with the last
 * of the T × C outputs (padding columns included, as in SCALE-Sim).
 */
export class StationaryFold implements FoldEngine {
  readonly active: Uint8Array;
  usefulMacs = 0;
  cycles = 0;
  private readonly wVal: Float64Array;
  private readonly wReal: Uint8Array;
  private readonly aVal: Float64Array;
  private readonly aTag: Int32Array;
  private readonly aReal: Uint8Array;
  private readonly sVal: Float64Array;
  private readonly sTag: Int32Array;
  private emitted = 0;

  constructor(
    private readonly R: number,
    private readonly C: number,
    private readonly tile: StationaryTile,
  ) {
    const n = R * C;
    this.active = new Uint8Array(n);
    this.wVal = new Float64Array(n);
    this.wReal = new Uint8Array(n);
    this.aVal = new Float64Array(n);
    this.aTag = new Int32Array(n).fill(-1);
    this.aReal = new Uint8Array(n);
    this.sVal = new Float64Array(n);
    this.sTag = new Int32Array(n).fill(-1);
  }

  step(): boolean {
    const t = this.cycles;
    this.active.fill(0);
    if (t < this.R) this.preload(t);
    else this.stream(t - this.R);
    this.cycles++;
    return this.emitted < this.tile.T * this.C;
  }

  private preload(t: number): void {
    const { R, C } = this;
    for (let i = R - 1; i >= 0; i--) {
      for (let j = 0; j < C; j++) {
        const p = i * C + j;
        if (i === 0) {
          const w = this.tile.held(R - 1 - t, j);
          this.wVal[p] = w.value;
          this.wReal[p] = w.real ? 1 : 0;
        } else {
          this.wVal[p] = this.wVal[p - C]!;
          this.wReal[p] = this.wReal[p - C]!;
        }
      }
    }
  }

  private stream(s: number): void {
    const { R, C, tile } = this;
    for (let i = R - 1; i >= 0; i--) {
      for (let j = C - 1; j >= 0; j--) {
        const p = i * C + j;
        let aTag: number, aVal: number, aReal: number;
        if (j === 0) {
          const v = s - i;
          aTag = v >= 0 && v < tile.T ? v : -1;
          const x = aTag >= 0 ? tile.streamed(v, i) : undefined;
          aVal = x?.value ?? 0;
          aReal = x?.real ? 1 : 0;
        } else {
          aTag = this.aTag[p - 1]!;
          aVal = this.aVal[p - 1]!;
          aReal = this.aReal[p - 1]!;
        }
        const sTagIn = i === 0 ? aTag : this.sTag[p - C]!;
        const sIn = i === 0 ? 0 : this.sVal[p - C]!;
        if (sTagIn !== aTag)
          throw new SystolicInvariantError(
            `PE(${i},${j}) cycle ${this.cycles}: input carries t=${aTag}, partial sum t=${sTagIn}`,
          );
        let sum = sIn;
        if (aTag >= 0 && aReal && this.wReal[p]) {
          sum += aVal * this.wVal[p]!;
          this.active[p] = 1;
          this.usefulMacs++;
        }
        if (i === R - 1 && aTag >= 0) {
          tile.emit(aTag, j, sum);
          this.emitted++;
        }
        this.aTag[p] = aTag;
        this.aVal[p] = aVal;
        this.aReal[p] = aReal;
        this.sTag[p] = aTag;
        this.sVal[p] = sum;
      }
    }
  }
}
