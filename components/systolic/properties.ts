import fc from 'fast-check';
import { defineProperties, gemmWithOperandsArbitrary, type ObservedRun } from '../../core/verify/index.js';
import type { Component } from '../../core/index.js';
import type { ArrayShape } from './dataflow.js';
import { foldTiming } from './fold-model.js';
import { matmul, type Matrix } from './matrix.js';
import type { SystolicEngine } from './engine.js';
import { rooflineBoundCycles, type OpRecord, type RooflineMachine } from './roofline.js';

/** Operands wider than this would make K-long sums leave the exact range of doubles long before they test anything new. */
const MAX_GENERATED_BITS = 16;

/** Keeps the PE-by-PE variant of a 128×128 array fast: GEMMs that fit a few folds. */
const MAX_GENERATED_DIM = 8;

const shapeOf = (p: Readonly<Record<string, unknown>>): ArrayShape => ({
  rows: Number(p['rows']),
  cols: Number(p['cols']),
  dataflow: p['dataflow'] as ArrayShape['dataflow'],
});

/** The first gemm whose captured result is not A·B, described. */
function firstWrongResult(run: ObservedRun, label: string): string | undefined {
  for (const o of run.operations) {
    const a = o.args['a'] as Matrix | undefined;
    const b = o.args['b'] as Matrix | undefined;
    if (!a || !b) continue;
    const want = matmul(a, b);
    if (JSON.stringify(o.result) !== JSON.stringify(want))
      return `${label}: ${o.id} returned ${JSON.stringify(o.result)}, A·B is ${JSON.stringify(want)}`;
  }
  return undefined;
}

/** systolic.array: small GEMMs, with operands so values can be checked. */
export const systolicArrayProperties = defineProperties({
  operations: {
    gemm: (p) =>
      gemmWithOperandsArbitrary(Math.min(Number(p['operand_bits']), MAX_GENERATED_BITS), {
        M: MAX_GENERATED_DIM,
        N: MAX_GENERATED_DIM,
        K: MAX_GENERATED_DIM,
      }),
  },
  capture: (c: Component) => (c as Component & { lastResult?: Matrix }).lastResult,
  checks: [
    {
      name: 'result equals the matrix product (fast and PE-by-PE models)',
      kind: 'functional',
      maxOperations: 2,
      variant: { detailed: true },
      check: (run, detailed) =>
        firstWrongResult(run, 'as configured') ?? (detailed ? firstWrongResult(detailed, 'detailed') : undefined),
    },
    {
      name: 'a gemm alone takes the fold model’s compute cycles',
      kind: 'timing',
      maxOperations: 3,
      check: (run) => {
        for (const o of run.operations) {
          const want = foldTiming(shapeOf(run.params), {
            M: Number(o.args['M']),
            N: Number(o.args['N']),
            K: Number(o.args['K']),
          }).computeCycles;
          if (o.cycles !== want)
            return `${o.id} (${o.args['M']}×${o.args['N']}×${o.args['K']}) took ${o.cycles} cycles; the fold model gives ${want}`;
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
        return i < 0
          ? undefined
          : `${run.operations[i]!.id}: ${run.operations[i]!.cycles} cycles as configured, ${other[i]?.cycles} PE by PE`;
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

/** Engine GEMMs up to this size per dimension: from one fold to many tiles, still closed-form fast. */
const MAX_ENGINE_DIM = 512;

/** What the engine reports of the operation just completed, and its machine's roofs. */
interface EngineView {
  rec: OpRecord;
  roof: RooflineMachine;
}

/** systolic.engine: GEMMs of random shapes and operand placements; checks the cycle accounting and the roofline. */
export const systolicEngineProperties = defineProperties({
  operations: {
    gemm: () =>
      fc.record({
        M: fc.integer({ min: 1, max: MAX_ENGINE_DIM }),
        N: fc.integer({ min: 1, max: MAX_ENGINE_DIM }),
        K: fc.integer({ min: 1, max: MAX_ENGINE_DIM }),
        count: fc.integer({ min: 1, max: 4 }),
        b_kind: fc.constantFrom('weight', 'act', 'kv'),
      }),
  },
  capture: (c: Component) => {
    const e = c as SystolicEngine;
    return { rec: { ...e.lastRecord! }, roof: e.roofline } satisfies EngineView;
  },
  checks: [
    {
      name: 'a gemm alone takes compute + SRAM stall + HBM stall cycles, and does 2·M·N·K·count FLOPs',
      kind: 'timing',
      check: (run) => {
        for (const o of run.operations) {
          const { rec } = o.result as EngineView;
          const parts = rec.computeCycles + rec.sramStallCycles + rec.hbmStallCycles;
          if (o.cycles !== parts)
            return `${o.id} took ${o.cycles} cycles; compute ${rec.computeCycles} + SRAM stall ${rec.sramStallCycles} + HBM stall ${rec.hbmStallCycles} = ${parts}`;
          const flops = 2 * Number(o.args['M']) * Number(o.args['N']) * Number(o.args['K']) * Number(o.args['count']);
          if (rec.flops !== flops) return `${o.id} counted ${rec.flops} FLOPs; 2·M·N·K·count = ${flops}`;
        }
        return undefined;
      },
    },
    {
      name: 'a gemm never beats the roofline: cycles ≥ max(FLOPs / peak, HBM bytes / bandwidth)',
      kind: 'timing',
      check: (run) => {
        for (const o of run.operations) {
          const { rec, roof } = o.result as EngineView;
          const bound = rooflineBoundCycles(roof, rec.flops, rec.hbmBytes);
          if ((o.cycles ?? 0) < bound - 1e-9)
            return `${o.id} took ${o.cycles} cycles, below the roofline bound ${bound}`;
        }
        return undefined;
      },
    },
    {
      name: 'every operation completes exactly once',
      kind: 'conservation',
      schedule: 'concurrent',
      check: (run) => {
        const bad = run.operations.find((o) => o.completions !== 1);
        return bad ? `${bad.id} completed ${bad.completions} times` : undefined;
      },
    },
  ],
});
