import { HelenError, type Rng } from '../../core/index.js';
import { operandRange, type Matrix } from './matrix.js';

/**
 * Operand `name` ("a": M×K, "b": K×N) given with a gemm operation, checked
 * against its shape and the array's signed operand width (the argument schema
 * only knows it is a list of rows); undefined when absent.
 */
export function matrixArg(v: unknown, name: 'a' | 'b', rows: number, cols: number, bits: number): Matrix | undefined {
  if (v === undefined) return undefined;
  const { min, max } = operandRange(bits);
  const bad = (why: string): never => {
    throw new HelenError(
      'E_OP',
      `operation "gemm": argument "${name}" must be a ${rows}×${cols} array of whole numbers in [${min}, ${max}] (${bits}-bit operands); ${why}`,
    );
  };
  if (!Array.isArray(v) || v.length !== rows) bad(`got ${Array.isArray(v) ? v.length : 'no'} rows`);
  (v as unknown[]).forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== cols)
      bad(`row ${i} has ${Array.isArray(row) ? row.length : 'no'} columns`);
    (row as unknown[]).forEach((x, j) => {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max)
        bad(`element [${i}][${j}] is ${JSON.stringify(x)}`);
    });
  });
  return v as Matrix;
}

/** Random operands of the array's width, from the component's seeded stream (detailed runs without data). */
export function randomMatrix(rng: Rng, rows: number, cols: number, bits: number): Matrix {
  const { min, max } = operandRange(bits);
  const span = max - min + 1;
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => min + rng.nextInt(span)));
}
