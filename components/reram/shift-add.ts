/**
 * Shift-and-add: accumulates ADC codes into full-precision outputs. Each code
 * is worth `lsb` column steps, times the factor of its input slice (2^shift,
 * negative for a sign bit) and of its weight slice (2^(k·bits_per_cell),
 * negative for the minus column of a differential pair). Kept in integer
 * codes until the end so that with lsb = 1 the sums stay exact.
 */
export class ShiftAdd {
  /** Accumulated codes × factors, per output. */
  readonly acc: Float64Array;
  /** Additions performed (one per code accumulated), for energy. */
  additions = 0;

  constructor(outputs: number) {
    this.acc = new Float64Array(outputs);
  }

  /** Adds `code × factor` to output `j`. */
  add(j: number, code: number, factor: number): void {
    this.acc[j]! += code * factor;
    this.additions++;
  }

  /** The outputs, scaled by the ADC step. */
  result(lsb: number): number[] {
    return Array.from(this.acc, (v) => v * lsb);
  }
}
