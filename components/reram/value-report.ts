/** How far outputs through the crossbar model are from the exact integer results. */
export interface ValueReport {
  layer: string;
  /** Input vectors multiplied. */
  vectors: number;
  /** Outputs compared. */
  outputs: number;
  /** Outputs equal to the exact result. */
  exactOutputs: number;
  maxAbsError: number;
  meanAbsError: number;
  /** Largest |error| / |exact| over outputs with a non-zero exact value. */
  maxRelError: number;
  /** Largest per-output bound the ADC's clipping (and rounding, for lsb > 1) implies. */
  maxBound: number;
  /** Whether every output's error is within its bound. */
  withinBound: boolean;
  /** Where the weights came from: the workload's trained weights (quantized), or seeded random integers. */
  weights?: 'trained' | 'random';
}

/** Accumulates output-by-output comparisons into a ValueReport. */
export class ValueTally {
  private readonly r: ValueReport;
  private sumAbsError = 0;

  constructor(layer: string, vectors: number, weights?: 'trained' | 'random') {
    this.r = {
      layer,
      vectors,
      ...(weights ? { weights } : {}),
      outputs: 0,
      exactOutputs: 0,
      maxAbsError: 0,
      meanAbsError: 0,
      maxRelError: 0,
      maxBound: 0,
      withinBound: true,
    };
  }

  /** One output: what the crossbar model gave, the exact value and the bound on their difference. */
  add(got: number, exact: number, bound: number): void {
    const r = this.r;
    const err = Math.abs(got - exact);
    r.outputs++;
    if (err === 0) r.exactOutputs++;
    this.sumAbsError += err;
    r.maxAbsError = Math.max(r.maxAbsError, err);
    if (exact !== 0) r.maxRelError = Math.max(r.maxRelError, err / Math.abs(exact));
    r.maxBound = Math.max(r.maxBound, bound);
    // Sums of large integers in doubles: allow rounding in the last bits.
    if (err > bound * (1 + 1e-9) + 1e-6) r.withinBound = false;
  }

  report(): ValueReport {
    return { ...this.r, meanAbsError: this.r.outputs ? this.sumAbsError / this.r.outputs : 0 };
  }
}
