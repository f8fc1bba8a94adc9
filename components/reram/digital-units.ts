import { z } from 'zod';
import { Component, defineComponent, defineOperation, param, type CreateContext } from '../../core/index.js';
import { bankOptions, bankParams } from './bank-params.js';
import type { PeakPower } from './power.js';

const ISAAC_IMA_CYCLE_S = 128 / 1.2e9;

function digitalParams(what: string, units: number, unitAreaMm2: number, energyPj: number, opsPerCycle: number) {
  return z
    .object({
      ...bankParams(what, units, unitAreaMm2),
      ops_per_cycle: param.integer(`operations one unit completes per cycle`, { default: opsPerCycle, min: 1 }),
      energy_per_op: param.energy('energy of one operation', { default: energyPj }),
    })
    .strict();
}

/** Parameters of a bank of digital units. */
export type DigitalParams = {
  units: number;
  unit_area: number;
  unit_leakage: number;
  ops_per_cycle: number;
  energy_per_op: number;
};

/** A bank of identical digital units (shift-and-add, activation, pooling) with a fixed throughput. */
export class DigitalUnits extends Component implements PeakPower {
  readonly p: DigitalParams;
  readonly op;
  private freeAtCycle = 0;
  constructor(ctx: CreateContext<DigitalParams>) {
    super(ctx.parent, ctx.name, {
      clock: ctx.clock,
      params: ctx.params,
      type: ctx.type,
      declaration: ctx.declaration,
      ...bankOptions(ctx.params),
    });
    this.p = ctx.params;
    // The action is named after the type's kind (shift_add, activation, pooling) so reports split energy by unit class.
    this.op = this.energy.action(ctx.type.split('.')[1]!, ctx.params.energy_per_op);
  }

  /** Cycles the bank needs for `ops` operations. */
  cyclesFor(ops: number): number {
    return Math.ceil(ops / (this.p.units * this.p.ops_per_cycle));
  }

  /** Does `count` operations, queued behind earlier work: ceil(count / (units × ops_per_cycle)) cycles. */
  compute(count: number, done: () => void): void {
    this.op.charge(count);
    const clock = this.clock;
    const start = Math.max(clock.cycleAtOrAfter(this.nowPs), this.freeAtCycle);
    this.freeAtCycle = start + this.cyclesFor(count);
    this.beginBusy();
    this.sim.scheduleAt(clock.cycleToTimePs(this.freeAtCycle), () => {
      this.endBusy();
      done();
    });
  }

  peakPowerMw(): number {
    const p = this.p;
    return this.energy.leakageMw + p.units * p.ops_per_cycle * this.clock.frequencyHz * p.energy_per_op * 1e-9;
  }
}

/** The one operation of every bank of digital units. */
const digitalOperations = {
  compute: defineOperation({
    description: 'do `count` operations (ceil(count / (units × ops_per_cycle)) cycles)',
    args: { count: param.integer('operations to do', { min: 1 }) },
    run: (units: DigitalUnits, a, done) => units.compute(a.count, done),
  }),
};

// ISAAC: 4 shift-and-adds per IMA (0.2 mW) add the 1024 ADC codes of an IMA cycle: 2 per unit per cycle.
export const reramShiftAdd = defineComponent({
  type: 'reram.shift_add',
  description: 'shift-and-add units combining ADC codes of bit slices and input cycles into outputs',
  params: digitalParams('shift-and-add units', 4, 0.00024 / 4, (0.2e-3 * ISAAC_IMA_CYCLE_S * 1e12) / 1024, 2),
  operations: digitalOperations,
  statistics: {},
  create: (ctx) => new DigitalUnits(ctx),
});

// ISAAC tile: 2 sigmoid units, 0.52 mW, 0.0006 mm²; one output per unit per cycle at 1.2 GHz.
export const reramActivation = defineComponent({
  type: 'reram.activation',
  description: 'activation units (sigmoid/ReLU), one output per unit per cycle',
  params: digitalParams('activation units', 2, 0.0006 / 2, (0.26e-3 / 1.2e9) * 1e12, 1),
  operations: digitalOperations,
  statistics: {},
  create: (ctx) => new DigitalUnits(ctx),
});

// ISAAC tile: 1 max-pool unit, 0.4 mW, 0.00024 mm².
export const reramPooling = defineComponent({
  type: 'reram.pooling',
  description: 'max-pooling units, one comparison per unit per cycle',
  params: digitalParams('pooling units', 1, 0.00024, (0.4e-3 / 1.2e9) * 1e12, 1),
  operations: digitalOperations,
  statistics: {},
  create: (ctx) => new DigitalUnits(ctx),
});
