import type { Rng } from '../../core/index.js';

/** Conductance range and seeded device non-idealities of a crossbar's cells. */
export interface DeviceModel {
  /** Bits per cell: cells take 2^bits equally spaced conductance levels from G_off to G_on. */
  bitsPerCell: number;
  /** Conductance of the fully-on cell (lowest resistance), in µS. */
  gOnUs: number;
  /** Conductance of the fully-off cell, in µS. */
  gOffUs: number;
  /** Programming variation: relative σ of a Gaussian error on each programmed conductance, drawn once. */
  variationSigma: number;
  /** Probability that a cell is stuck at G_on whatever is written. */
  stuckOnRate: number;
  /** Probability that a cell is stuck at G_off whatever is written. */
  stuckOffRate: number;
  /** Read noise: relative σ of a Gaussian error on each cell's current, drawn at every read. */
  readNoiseSigma: number;
}

/** A device with no non-idealities (the defaults of the crossbar component). */
export const IDEAL_DEVICE: Omit<DeviceModel, 'bitsPerCell'> = {
  // NeuroSim V1.3: R_on 6 kΩ, on/off ratio 150.
  gOnUs: 1e6 / 6000,
  gOffUs: 1e6 / 6000 / 150,
  variationSigma: 0,
  stuckOnRate: 0,
  stuckOffRate: 0,
  readNoiseSigma: 0,
};

/**
 * One rows × cols array of cells. Cell values are kept in units of one
 * conductance step ΔG = (G_on − G_off) / (levels − 1) above G_off, so that an
 * ideal cell holds its level exactly and an ideal column sum is an exact
 * integer; the G_off baseline is removed by a reference column of G_off cells,
 * as sensing circuits do.
 */
export class CrossbarArray {
  /** Cell values in ΔG units above G_off, row-major. */
  readonly cells: Float64Array;
  /** Whether any cell deviates from its written level (skips the noise path when false). */
  private ideal = true;
  private readonly gOffSteps: number;

  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly device: DeviceModel,
  ) {
    this.cells = new Float64Array(rows * cols);
    const levels = 2 ** device.bitsPerCell;
    this.gOffSteps = device.gOffUs / ((device.gOnUs - device.gOffUs) / (levels - 1));
  }

  /**
   * Writes `level(r, c)` into every cell (0 = G_off … levels−1 = G_on), applying
   * stuck-at faults and programming variation drawn from `rng`. The draw order
   * is fixed (row-major, fault then variation), so a seed fixes the array.
   */
  program(level: (r: number, c: number) => number, rng: Rng | undefined): void {
    const d = this.device;
    const top = 2 ** d.bitsPerCell - 1;
    const noisy = rng !== undefined && (d.variationSigma > 0 || d.stuckOnRate > 0 || d.stuckOffRate > 0);
    this.ideal = !noisy;
    for (let r = 0; r < this.rows; r++) {
      for (let c = 0; c < this.cols; c++) {
        let v = level(r, c);
        if (noisy) {
          const u = rng.nextFloat();
          if (u < d.stuckOnRate) v = top;
          else if (u < d.stuckOnRate + d.stuckOffRate) v = 0;
          else if (d.variationSigma > 0) {
            // Relative error on the absolute conductance G_off + vΔG, expressed in ΔG units.
            v += (this.gOffSteps + v) * d.variationSigma * rng.nextGaussian();
          }
        }
        this.cells[r * this.cols + c] = v;
      }
    }
  }

  /**
   * Column values for row drives `dac` (DAC codes, 0 = row idle): Σ_r dac[r]·cell[r][c]
   * in ΔG units. With read noise, each column gets the Gaussian error of the sum of
   * independent per-cell current errors: σ_c = σ·sqrt(Σ (dac·G)²), in ΔG units.
   */
  read(dac: ArrayLike<number>, rng: Rng | undefined, out = new Float64Array(this.cols)): Float64Array {
    out.fill(0);
    const cols = this.cols;
    for (let r = 0; r < this.rows; r++) {
      const d = dac[r]!;
      if (d === 0) continue;
      const base = r * cols;
      for (let c = 0; c < cols; c++) out[c]! += d * this.cells[base + c]!;
    }
    const sigma = this.device.readNoiseSigma;
    if (sigma > 0 && rng) {
      for (let c = 0; c < cols; c++) {
        let sq = 0;
        for (let r = 0; r < this.rows; r++) {
          const i = dac[r]! * (this.gOffSteps + this.cells[r * cols + c]!);
          sq += i * i;
        }
        out[c]! += sigma * Math.sqrt(sq) * rng.nextGaussian();
      }
    }
    return out;
  }

  /** True when every cell holds exactly its written level. */
  get isIdeal(): boolean {
    return this.ideal;
  }
}
