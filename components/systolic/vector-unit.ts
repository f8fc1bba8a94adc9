import { z } from 'zod';
import { Component, defineComponent, param, type CreateContext } from '../../core/index.js';

const params = z
  .object({
    lanes: param.integer('SIMD lanes', { default: 128 * 8, min: 1 }),
    ops_per_lane: param.integer('element operations one lane completes per cycle', { default: 1, min: 1 }),
    latency_cycles: param.integer('pipeline depth: cycles before the first result of an operation', {
      default: 16,
      min: 0,
    }),
    op_energy: param.energy('energy of one element operation (add, multiply, exp, compare …)', { default: 0 }),
    // Horowitz, ISSCC 2014 (45 nm): 32-bit FP add 4184 µm² + 32-bit FP multiply 7700 µm².
    lane_area: param.area(
      'area of one lane; default an fp32 adder + multiplier at 45 nm (Horowitz 2014), registers not counted',
      { default: 11_884e-6 },
    ),
    area: param.area('area of the whole unit; 0 means lanes × lane_area', { default: 0 }),
    leakage: param.power('static power', { default: 0 }),
  })
  .strict();

type Params = z.infer<typeof params>;

/** The unit's area: the explicit `area`, else one `lane_area` per lane. */
export function vectorAreaMm2(p: { lanes: number; lane_area: number; area: number }): number {
  return p.area > 0 ? p.area : p.lanes * p.lane_area;
}

/** The vector unit of a systolic accelerator: softmax, normalisation, activations, residual adds. */
export class VectorUnit extends Component {
  /** Resolved parameters. */
  readonly p: Params;
  private readonly opAction;
  private readonly ops = this.stats.counter('element_ops', 'element operations done', 'ops');
  private readonly cyclesCounter = this.stats.counter('cycles', 'cycles spent on vector operations', 'cycles');

  constructor(ctx: CreateContext<Params>) {
    super(ctx.parent, ctx.name, {
      clock: ctx.clock,
      params: ctx.params,
      type: ctx.type,
      areaMm2: vectorAreaMm2(ctx.params),
      leakageMw: ctx.params.leakage,
    });
    this.p = ctx.params;
    this.opAction = this.energy.action('op', this.p.op_energy);
  }

  /** Cycles for `ops` element operations: pipeline fill plus ops over lanes × ops per lane. */
  cyclesFor(ops: number): number {
    if (ops <= 0) return 0;
    return this.p.latency_cycles + Math.ceil(ops / (this.p.lanes * this.p.ops_per_lane));
  }

  /** Records `ops` element operations that took `cycles` (energy and counters). */
  charge(ops: number, cycles: number): void {
    this.opAction.charge(ops);
    this.ops.add(ops);
    this.cyclesCounter.add(cycles);
  }
}

export const systolicVector = defineComponent({
  type: 'systolic.vector',
  description: 'vector unit (lanes, ops per cycle, energy per op) for softmax, norms, activations and residuals',
  params,
  statistics: {
    element_ops: 'element operations done (ops)',
    cycles: 'cycles spent on vector operations (cycles)',
  },
  create: (ctx) => new VectorUnit(ctx),
});
