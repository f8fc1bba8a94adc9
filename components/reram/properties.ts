import fc from 'fast-check';
import type { Component } from '../../core/index.js';
import { defineProperties, type ObservedOperation, type ObservedRun } from '../../core/verify/index.js';
import {
  columnsPerWeight,
  inputRange,
  inputSlices,
  inputSliceValue,
  offsetColumnCoef,
  reservedColumns,
  weightColumnCoefs,
  weightLevels,
  weightRange,
} from './encoding.js';
import type { Ima } from './ima.js';
import { tileMatrix, type MvmConfig } from './mvm.js';

/** Small matrices keep a case readable and its shrunk form obvious; a few rows already give column sums of several codes. */
const MAX_GENERATED_ROWS = 8;
const MAX_GENERATED_COLS = 4;
const MAX_GENERATED_VECTORS = 3;

/** Mvms per serial case; the functional and timing checks use the same, so one run serves both. */
const MAX_SERIAL_MVMS = 3;

/** An ADC step that does not divide column sums, so the variant run exercises rounding (ISAAC's ADCs count exactly, lsb 1). */
const COARSE_ADC_LSB = 3;

type Params = Readonly<Record<string, unknown>>;
const num = (v: unknown): number => Number(v);

/** What the functional and timing checks need of an IMA and its children, read when an mvm completes. */
interface ImaView {
  config: MvmConfig;
  /** Output vectors of the mvm (value form only). */
  outputs?: number[][];
  dac: Params;
  xbar: Params;
  adc: Params;
  sa: Params;
  /** Input and output registers' parameters (undefined: none). */
  ir?: Params;
  or?: Params;
  ima: Params;
}

function viewOf(c: Component, op: ObservedOperation): ImaView {
  const ima = c as Ima;
  const { input, output } = ima.registers;
  return {
    config: ima.mvmConfig,
    ...(op.args['inputs'] !== undefined ? { outputs: ima.lastOutputs.map((v) => [...v]) } : {}),
    dac: ima.dacBank.p,
    xbar: ima.crossbarBank.p,
    adc: ima.adcBank.p,
    sa: ima.shiftAddUnits.p,
    ...(input ? { ir: input.params } : {}),
    ...(output ? { or: output.params } : {}),
    ima: ima.p,
  };
}

/** mvm arguments that fit one crossbar of the instance: weights in range, 1–3 input vectors in range; or the timing-only form. */
function mvmArbitrary(_p: Params, c: Component): fc.Arbitrary<Record<string, unknown>> {
  const cfg = (c as Ima).mvmConfig;
  const maxRows = Math.min(MAX_GENERATED_ROWS, cfg.rows);
  const maxCols = Math.max(
    1,
    Math.min(MAX_GENERATED_COLS, Math.floor((cfg.cols - reservedColumns(cfg)) / columnsPerWeight(cfg))),
  );
  const [wLo, wHi] = weightRange(cfg);
  const [xLo, xHi] = inputRange(cfg);
  const shape = fc.record({
    rows: fc.integer({ min: 1, max: maxRows }),
    cols: fc.integer({ min: 1, max: maxCols }),
    count: fc.integer({ min: 1, max: MAX_GENERATED_VECTORS }),
  });
  const valued = shape.chain(({ rows, cols, count }) =>
    fc.record({
      weights: fc.array(fc.array(fc.integer({ min: wLo, max: wHi }), { minLength: cols, maxLength: cols }), {
        minLength: rows,
        maxLength: rows,
      }),
      inputs: fc.array(fc.array(fc.integer({ min: xLo, max: xHi }), { minLength: rows, maxLength: rows }), {
        minLength: count,
        maxLength: count,
      }),
    }),
  );
  return fc.oneof({ weight: 3, arbitrary: valued }, { weight: 1, arbitrary: shape });
}

/**
 * The MVM a bit-sliced crossbar computes with ideal cells and round-to-nearest
 * ADCs of `bits` and step `lsb` that clip at full scale: every physical column
 * sum of every input slice quantised, then shifted and added. Written from
 * the encoding's definition, independently of the model's value path.
 */
export function quantisedMvm(weights: number[][], x: number[], cfg: MvmConfig): number[] {
  const rows = weights.length;
  const cols = weights[0]!.length;
  const t = tileMatrix(rows, cols, cfg);
  const cpw = columnsPerWeight(cfg);
  const coefs = weightColumnCoefs(cfg);
  const top = 2 ** cfg.adcBits - 1;
  const quantise = (v: number) => Math.min(top, Math.max(0, Math.round(v / cfg.adcLsb)));
  const out = new Array<number>(cols).fill(0);
  for (let rb = 0; rb < t.rowBlocks; rb++) {
    const r0 = rb * cfg.rows;
    const rn = Math.min(cfg.rows, rows - r0);
    for (let cb = 0; cb < t.colBlocks; cb++) {
      const c0 = cb * t.weightsPerCrossbar;
      const cn = Math.min(t.weightsPerCrossbar, cols - c0);
      for (const s of inputSlices(cfg)) {
        const drive = (r: number) => inputSliceValue(x[r0 + r]!, s);
        for (let j = 0; j < cn; j++) {
          for (let p = 0; p < cpw; p++) {
            let sum = 0;
            for (let r = 0; r < rn; r++) sum += drive(r) * weightLevels(weights[r0 + r]![c0 + j]!, cfg)[p]!;
            out[c0 + j]! += quantise(sum) * s.coef * coefs[p]!;
          }
        }
        if (cfg.signed === 'offset') {
          let sum = 0;
          for (let r = 0; r < rn; r++) sum += drive(r);
          for (let j = 0; j < cn; j++) out[c0 + j]! += quantise(sum) * s.coef * offsetColumnCoef(cfg);
        }
      }
    }
  }
  return out.map((v) => v * cfg.adcLsb);
}

/** Largest physical column sum an input drives (to know whether any clips or falls between ADC steps). */
function largestColumnSum(weights: number[][], x: number[], cfg: MvmConfig): number {
  let max = 0;
  for (const s of inputSlices(cfg)) {
    const cpw = columnsPerWeight(cfg);
    for (let j = 0; j < weights[0]!.length; j++) {
      for (let p = 0; p < cpw; p++) {
        let sum = 0;
        for (let r = 0; r < weights.length; r++)
          sum += inputSliceValue(x[r]!, s) * weightLevels(weights[r]![j]!, cfg)[p]!;
        max = Math.max(max, sum);
      }
    }
    if (cfg.signed === 'offset')
      max = Math.max(
        max,
        x.reduce((a, v) => a + inputSliceValue(v, s), 0),
      );
  }
  return max;
}

const idealDevice = (cfg: MvmConfig) =>
  cfg.device.variationSigma === 0 &&
  cfg.device.stuckOnRate === 0 &&
  cfg.device.stuckOffRate === 0 &&
  cfg.device.readNoiseSigma === 0;

/** The first mvm whose outputs differ from the quantised (and, where nothing is lost, the exact integer) MVM, described. */
function firstWrongOutput(run: ObservedRun, label: string): string | undefined {
  for (const o of run.operations) {
    const v = o.result as ImaView | undefined;
    if (!v?.outputs || !idealDevice(v.config)) continue;
    const w = o.args['weights'] as number[][];
    const inputs = o.args['inputs'] as number[][];
    for (let k = 0; k < inputs.length; k++) {
      const x = inputs[k]!;
      const got = v.outputs[k];
      const want = quantisedMvm(w, x, v.config);
      if (JSON.stringify(got) !== JSON.stringify(want))
        return `${label}: ${o.id} vector ${k}: got ${JSON.stringify(got)}, round-to-nearest ADCs (lsb ${v.config.adcLsb}) give ${JSON.stringify(want)}`;
      const exact = w[0]!.map((_, j) => w.reduce((a, row, r) => a + row[j]! * x[r]!, 0));
      const lossless = v.config.adcLsb === 1 && largestColumnSum(w, x, v.config) <= 2 ** v.config.adcBits - 1;
      if (lossless && JSON.stringify(got) !== JSON.stringify(exact))
        return `${label}: ${o.id} vector ${k}: no column sum exceeds the ADC range, yet got ${JSON.stringify(got)} ≠ Wᵀx = ${JSON.stringify(exact)}`;
    }
  }
  return undefined;
}

/** Work counts of an mvm of a rows × cols matrix, from the tiling: the definition the pipeline's stage times follow. */
function work(rows: number, cols: number, v: ImaView) {
  const cfg = v.config;
  const t = tileMatrix(rows, cols, cfg);
  const cpw = columnsPerWeight(cfg);
  let busiest = 0;
  let additions = 0;
  for (let cb = 0; cb < t.colBlocks; cb++) {
    const cn = Math.min(t.weightsPerCrossbar, cols - cb * t.weightsPerCrossbar);
    const used = cn * cpw + reservedColumns(cfg);
    busiest = Math.max(busiest, Math.min(num(v.adc['columns_per_adc']), used));
    additions += t.rowBlocks * (cn * cpw + (cfg.signed === 'offset' ? cn : 0));
  }
  const slices = inputSlices(cfg).length;
  return { slices, busiest, additions, inputBytes: Math.ceil((rows * t.colBlocks * cfg.inputBits) / 8) };
}

/** Shape and vectors of an mvm, from its arguments. */
function mvmShape(o: ObservedOperation): { rows: number; cols: number; count: number } {
  const w = o.args['weights'] as number[][] | undefined;
  const inputs = o.args['inputs'] as number[][] | undefined;
  return w
    ? { rows: w.length, cols: w[0]!.length, count: inputs?.length ?? 1 }
    : { rows: num(o.args['rows']), cols: num(o.args['cols']), count: num(o.args['count'] ?? 1) };
}

/** Cycles an mvm alone takes by definition: the 3-stage pipeline over count × DAC cycles, or a register if it is slower. */
export function expectedMvmCycles(o: ObservedOperation, v: ImaView, run: ObservedRun): number {
  const { rows, cols, count } = mvmShape(o);
  const w = work(rows, cols, v);
  const clock = run.clock;
  const toCycles = (ps: number) => Math.ceil((ps * clock.periodDen) / clock.periodNumPs);
  const stages = [
    toCycles(num(v.dac['latency']) + num(v.xbar['read_latency'])),
    Math.ceil((w.busiest * clock.frequencyHz) / num(v.adc['sample_rate']) - 1e-9),
    Math.ceil(w.additions / (num(v.sa['units']) * num(v.sa['ops_per_cycle']))),
  ];
  const items = count * w.slices;
  const pipeline = stages.reduce((a, b) => a + b, 0) + (items - 1) * Math.max(...stages);
  const buffer = (p: Params | undefined, bytes: number) =>
    p ? num(p['latency_cycles']) + Math.ceil(Math.ceil((bytes * 8) / num(p['width_bits'])) / num(p['banks'])) : 0;
  return Math.max(
    pipeline,
    buffer(v.ir, w.inputBytes * count),
    buffer(v.or, w.additions * items * num(v.ima['output_bytes'])),
  );
}

/** reram.ima: MVMs of small matrices that fit one crossbar, with values; programming is exercised by the invariants. */
export const reramImaProperties = defineProperties({
  operations: {
    mvm: mvmArbitrary,
    program: (p, c) =>
      mvmArbitrary(p, c)
        .filter((a) => a['weights'] !== undefined)
        .map((a) => ({ weights: a['weights'] })),
  },
  capture: viewOf,
  checks: [
    {
      name: 'mvm equals the ideal integer MVM when no column sum exceeds the ADC range, and round-to-nearest ADC quantisation otherwise',
      kind: 'functional',
      operations: ['mvm'],
      maxOperations: MAX_SERIAL_MVMS,
      variant: { 'adc.lsb': COARSE_ADC_LSB },
      check: (run, coarse) =>
        firstWrongOutput(run, 'as configured') ??
        (coarse ? firstWrongOutput(coarse, `with adc.lsb=${COARSE_ADC_LSB}`) : undefined),
    },
    {
      name: 'an mvm alone takes the pipeline’s cycles: read + busiest ADC + shift-add, then (count × DAC cycles − 1) × the slowest stage',
      kind: 'timing',
      operations: ['mvm'],
      maxOperations: MAX_SERIAL_MVMS,
      check: (run) => {
        for (const o of run.operations) {
          const want = expectedMvmCycles(o, o.result as ImaView, run);
          if (o.cycles !== want)
            return `${o.id} (${JSON.stringify(mvmShape(o))}) took ${o.cycles} cycles; the pipeline definition gives ${want}`;
        }
        return undefined;
      },
    },
    {
      name: 'register bytes equal what the inputs imply: input reads = vectors × ceil(rows × column blocks × input_bits / 8)',
      kind: 'conservation',
      operations: ['mvm'],
      schedule: 'concurrent',
      check: (run) => {
        const v = run.operations[0]?.result as ImaView | undefined;
        if (!v?.ir) return undefined;
        const want = run.operations.reduce((a, o) => {
          const s = mvmShape(o);
          return a + s.count * work(s.rows, s.cols, o.result as ImaView).inputBytes;
        }, 0);
        const irPath = `${run.path}.${String(v.ima['input_register'])}`;
        const got = run.report.components[irPath]?.counters['bytes_read'];
        return got === want ? undefined : `${irPath} read ${got} bytes; the inputs imply ${want}`;
      },
    },
    {
      name: 'every operation completes exactly once',
      kind: 'conservation',
      operations: ['mvm'],
      schedule: 'concurrent',
      check: (run) => {
        const bad = run.operations.find((o) => o.completions !== 1);
        return bad ? `${bad.id} (${bad.op}) completed ${bad.completions} times` : undefined;
      },
    },
  ],
});
