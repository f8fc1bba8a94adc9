/** A dense matrix as rows of numbers (operands are integers, so sums stay exact below 2^53). */
export type Matrix = number[][];

/** A rows×cols matrix of zeros. */
export function zeros(rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

/** The textbook product A·B: the reference every array model is checked against. */
export function matmul(a: Matrix, b: Matrix): Matrix {
  const M = a.length;
  const K = b.length;
  const N = K > 0 ? b[0]!.length : 0;
  const c = zeros(M, N);
  for (let m = 0; m < M; m++) {
    const row = a[m]!;
    const out = c[m]!;
    for (let k = 0; k < K; k++) {
      const x = row[k]!;
      const bk = b[k]!;
      for (let n = 0; n < N; n++) out[n]! += x * bk[n]!;
    }
  }
  return c;
}

/** Smallest and largest value of a signed two's-complement operand of `bits` bits. */
export function operandRange(bits: number): { min: number; max: number } {
  return { min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 };
}
