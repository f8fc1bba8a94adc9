import { HelenError, type Operation, type Rng } from '../../core/index.js';
import type { GemmShape } from './dataflow.js';
import { operandRange, type Matrix } from './matrix.js';

/** Reads argument `name` of a gemm operation as a whole number ≥ 1. */
export function dimArg(op: Operation, name: 'M' | 'N' | 'K'): number {
  const v = op.args[name];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
    throw new HelenError('E_OP', `operation "${op.name}" needs argument "${name}", a whole number ≥ 1${v === undefined ? '' : `, got ${JSON.stringify(v)}`}`);
  }
  return v;
}

/** The GEMM shape of an operation (args M, N, K). */
export function gemmShapeOf(op: Operation): GemmShape {
  return { M: dimArg(op, 'M'), N: dimArg(op, 'N'), K: dimArg(op, 'K') };
}

/**
 * Operand `name` ("a": M×K, "b": K×N) given with the operation, checked
 * against its shape and the array's signed operand width; undefined when absent.
 */
export function matrixArg(op: Operation, name: 'a' | 'b', rows: number, cols: number, bits: number): Matrix | undefined {
  const v = op.args[name];
  if (v === undefined) return undefined;
  const { min, max } = operandRange(bits);
  const bad = (why: string): never => {
    throw new HelenError('E_OP', `operation "${op.name}": argument "${name}" must be a ${rows}×${cols} array of whole numbers in [${min}, ${max}] (${bits}-bit operands); ${why}`);
  };
  if (!Array.isArray(v) || v.length !== rows) bad(`got ${Array.isArray(v) ? v.length : 'no'} rows`);
  (v as unknown[]).forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== cols) bad(`row ${i} has ${Array.isArray(row) ? row.length : 'no'} columns`);
    (row as unknown[]).forEach((x, j) => {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) bad(`element [${i}][${j}] is ${JSON.stringify(x)}`);
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
