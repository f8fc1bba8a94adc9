import { defineProperties, gemmWithOperandsArbitrary, type ObservedRun } from '../../core/verify/index.js';
import type { Component } from '../../core/index.js';
import type { ArrayShape } from './dataflow.js';
import { foldTiming } from './fold-model.js';
import { matmul, type Matrix } from './matrix.js';

/** Operands wider than this would make K-long sums leave the exact range of doubles long before they test anything new. */
const MAX_GENERATED_BITS = 16;

/** Keeps the PE-by-PE variant of a 128×128 array fast: GEMMs that fit a few folds. */
const MAX_GENERATED_DIM = 8;

const shapeOf = (p: Readonly<Record<string, unknown>>): ArrayShape => ({ rows: Number(p['rows']), cols: Number(p['cols']), dataflow: p['dataflow'] as ArrayShape['dataflow'] });

/** The first gemm whose captured result is not A·B, described. */
function firstWrongResult(run: ObservedRun, label: string): string | undefined {
  for (const o of run.operations) {
    const a = o.args['a'] as Matrix | undefined;
    const b = o.args['b'] as Matrix | undefined;
    if (!a || !b) continue;
    const want = matmul(a, b);
    if (JSON.stringify(o.result) !== JSON.stringify(want)) return `${label}: ${o.id} returned ${JSON.stringify(o.result)}, A·B is ${JSON.stringify(want)}`;
  }
  return undefined;
}

/** systolic.array: small GEMMs, with operands so values can be checked. */
export const systolicArrayProperties = defineProperties({
  operations: {
    gemm: (p) => gemmWithOperandsArbitrary(Math.min(Number(p['operand_bits']), MAX_GENERATED_BITS), { M: MAX_GENERATED_DIM, N: MAX_GENERATED_DIM, K: MAX_GENERATED_DIM }),
  },
  capture: (c: Component) => (c as Component & { lastResult?: Matrix }).lastResult,
  checks: [
    {
      name: 'result equals the matrix product (fast and PE-by-PE models)',
      kind: 'functional',
      maxOperations: 2,
      variant: { detailed: true },
      check: (run, detailed) => firstWrongResult(run, 'as configured') ?? (detailed ? firstWrongResult(detailed, 'detailed') : undefined),
    },
    {
      name: 'a gemm alone takes the fold model’s compute cycles',
      kind: 'timing',
      maxOperations: 3,
      check: (run) => {
        for (const o of run.operations) {
          const want = foldTiming(shapeOf(run.params), { M: Number(o.args['M']), N: Number(o.args['N']), K: Number(o.args['K']) }).computeCycles;
          if (o.cycles !== want) return `${o.id} (${o.args['M']}×${o.args['N']}×${o.args['K']}) took ${o.cycles} cycles; the fold model gives ${want}`;
        }
        return undefined;
      },
    },
    {
      name: 'fast and detailed models take the same cycles',
      kind: 'timing',
      maxOperations: 3,
      variant: { detailed: true },
      check: (run, detailed) => {
        const other = detailed?.operations ?? [];
        const i = run.operations.findIndex((o, k) => o.cycles !== other[k]?.cycles);
        return i < 0 ? undefined : `${run.operations[i]!.id}: ${run.operations[i]!.cycles} cycles as configured, ${other[i]?.cycles} PE by PE`;
      },
    },
    {
      name: 'every operation completes exactly once',
      kind: 'conservation',
      schedule: 'concurrent',
      operations: ['gemm'],
      check: (run) => {
        const bad = run.operations.find((o) => o.completions !== 1);
        return bad ? `${bad.id} completed ${bad.completions} times` : undefined;
      },
    },
  ],
});

