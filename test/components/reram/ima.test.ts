import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { elaborate, issueOperation, loadArchitecture, Rng } from '../../../core/index.js';
import { defaultRegistry } from '../../support/session.js';
import { Ima } from '../../../components/reram/ima.js';
import { inputSlices, weightRange } from '../../../components/reram/encoding.js';
import { MappedMatrix, tileMatrix } from '../../../components/reram/mvm.js';
import { StagePipeline } from '../../../components/reram/pipeline.js';
import { mvmWork } from '../../../components/reram/work.js';

const FIXTURE = 'test/components/reram/fixtures/tiny-ima.yaml';

function tinyIma(overrides?: Map<string, string>) {
  const registry = defaultRegistry();
  const model = elaborate(loadArchitecture(FIXTURE, { registry }), { registry, overrides });
  return { model, ima: model.sim.component('ima') as Ima };
}

/** Issues operations at time 0 and returns their completion times in ns. */
function runOps(ops: Record<string, unknown>[], overrides?: Map<string, string>) {
  const { model, ima } = tinyIma(overrides);
  const doneAt: number[] = [];
  ops.forEach((args, i) =>
    issueOperation(ima, { id: `op${i}`, name: 'mvm', args }, () => (doneAt[i] = model.sim.nowPs / 1000)),
  );
  model.sim.run();
  return { doneAt, ima, model };
}

describe('IMA pipeline timing (DAC+crossbar read → shared ADC → shift-and-add)', () => {
  // 4-bit unsigned inputs over a 1-bit DAC: 4 DAC cycles. Read R = 5 cycles.
  // 4-bit differential weights on 2-bit cells: 2 slices × 2 polarities = 4 columns per weight, 2 weights per 8-column crossbar.

  it('a single MVM takes R + A + S + (cycles − 1) · max(R, A, S), exactly', () => {
    // 4×2 matrix: 8 columns → A = 8 conversions on the one ADC, S = ceil(8 / 2) = 4: 5 + 8 + 4 + 3·8 = 41.
    expect(runOps([{ rows: 4, cols: 2 }]).doneAt).toEqual([41]);
    // 3×1 matrix: 4 columns → A = 4, S = 2; the read is the bottleneck: 5 + 4 + 2 + 3·5 = 26.
    expect(runOps([{ rows: 3, cols: 1 }]).doneAt).toEqual([26]);
    // Two crossbars (4×4) convert in parallel on their own ADCs; S = ceil(16 / 2) = 8: 5 + 8 + 8 + 3·8 = 45.
    expect(runOps([{ rows: 4, cols: 4 }]).doneAt).toEqual([45]);
  });

  it('vectors stream through the pipeline: two vectors, or two back-to-back MVMs, take 5 + 8 + 4 + 7·8 = 73 cycles', () => {
    expect(runOps([{ rows: 4, cols: 2, count: 2 }]).doneAt).toEqual([73]);
    expect(
      runOps([
        { rows: 4, cols: 2 },
        { rows: 4, cols: 2 },
      ]).doneAt,
    ).toEqual([41, 73]);
  });

  it('signed inputs add one DAC cycle for the sign bit when the DAC is wider than 1 bit', () => {
    // 2-bit DAC, 4-bit unsigned: 2 DAC cycles → 5 + 8 + 4 + 8 = 25; signed: 1 + ceil(3/2) = 3 → 33.
    expect(runOps([{ rows: 4, cols: 2 }], new Map([['ima.dac.bits', '2']])).doneAt).toEqual([25]);
    expect(
      runOps(
        [{ rows: 4, cols: 2 }],
        new Map([
          ['ima.dac.bits', '2'],
          ['ima.input_signed', 'true'],
        ]),
      ).doneAt,
    ).toEqual([33]);
  });

  it('charges each child for its actions', () => {
    const { ima } = runOps([{ rows: 4, cols: 2 }]);
    const e = (child: string) => ima.children.find((c) => c.name === child)!.energy.dynamicPj;
    // 4 DAC cycles: 4 reads × 10 pJ; 16 row drives × 0.5 pJ; 32 samples × 0.25 pJ; 32 conversions × 1 pJ; 32 additions × 0.125 pJ.
    expect([e('xbar'), e('dac'), e('sh'), e('adc'), e('sa')]).toEqual([40, 8, 8, 32, 4]);
    expect(ima.stats.counters.get('dac_cycles')!.value).toBe(4);
  });

  it('computes the values: programmed weights times inputs give the exact product with enough ADC bits', () => {
    const { model, ima } = tinyIma();
    const weights = [
      [7, -7, 3, 0],
      [-1, 2, -3, 4],
      [5, 5, -5, 1],
      [0, -6, 6, 2],
    ];
    const inputs = [
      [15, 0, 3, 9],
      [1, 2, 3, 4],
    ];
    issueOperation(ima, { id: 'a', name: 'mvm', args: { weights, inputs } }, () => {});
    model.sim.run();
    const exact = inputs.map((x) => weights[0]!.map((_, j) => weights.reduce((a, row, i) => a + row[j]! * x[i]!, 0)));
    expect(ima.lastOutputs).toEqual(exact);
  });

  it('rejects a matrix larger than its crossbars and unknown operations with HelenErrors', () => {
    const { ima } = tinyIma();
    expect(() => issueOperation(ima, { id: 'a', name: 'mvm', args: { rows: 5, cols: 4 } }, () => {})).toThrow(
      /needs 4 crossbars; ima has 2/,
    );
    expect(() => issueOperation(ima, { id: 'a', name: 'dance', args: {} }, () => {})).toThrow(/accepts: mvm, program/);
  });

  it('property: the closed-form pipeline equals the stage-by-stage recurrence over any batches', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.integer({ min: 0, max: 50 }),
            times: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 3, maxLength: 3 }),
            n: fc.integer({ min: 1, max: 12 }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        (batches) => {
          const p = new StagePipeline(3);
          const free = [0, 0, 0];
          let at = 0;
          for (const b of batches) {
            at += b.at;
            for (let t = 0; t < b.n; t++) {
              let prev = at;
              for (let k = 0; k < 3; k++) prev = free[k] = Math.max(free[k]!, prev) + b.times[k]!;
            }
            expect(p.run(at, b.times, b.n)).toBe(free[2]);
            expect(p.freeAt).toEqual(free);
          }
        },
      ),
    );
  });

  it('property: timing-only work counts equal what the value model performs (reads, conversions, additions)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom('offset' as const, 'differential' as const),
        fc.boolean(),
        (rows, cols, signed, inputSigned) => {
          const cfg = {
            bitsPerCell: 2,
            weightBits: 4,
            signed,
            inputBits: 4,
            dacBits: 1,
            inputSigned,
            rows: 4,
            cols: 9,
            adcBits: 8,
            adcLsb: 1,
            device: { gOnUs: 100, gOffUs: 1, variationSigma: 0, stuckOnRate: 0, stuckOffRate: 0, readNoiseSigma: 0 },
          };
          const rng = new Rng(rows * 31 + cols);
          const [lo, hi] = weightRange(cfg);
          const w = Array.from({ length: rows }, () =>
            Array.from({ length: cols }, () => lo + rng.nextInt(hi - lo + 1)),
          );
          const r = new MappedMatrix(w, cfg, undefined).multiply(
            Array.from({ length: rows }, () => (inputSigned ? -3 : 3)),
            undefined,
          );
          const work = mvmWork(rows, cols, tileMatrix(rows, cols, cfg), cfg, inputSlices(cfg), 9);
          expect([
            work.readsPerCycle * work.dacCycles,
            work.conversionsPerCycle * work.dacCycles,
            work.additionsPerCycle * work.dacCycles,
          ]).toEqual([r.reads, r.conversions, r.additions]);
        },
      ),
    );
  });
});
