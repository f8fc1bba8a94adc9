// cim.sram_macro: an SRAM compute-in-memory macro that runs GEMMs one at a time.
import { Component, SerialResource, componentOptions, defineComponent, defineOperation, param, z } from 'helen';
import { gemmCost } from './timing.js';
import { sramMacroProperties } from './properties.js';

const params = z
  .object({
    rows: param.integer('weights per column: the slice of K one tile holds', { default: 64, min: 1 }),
    columns: param.integer('weight columns: the slice of N one tile holds', { default: 64, min: 1 }),
    weight_bits: param.integer('bits of each stored weight (weight_bits bit-cells per weight)', {
      default: 8,
      min: 1,
      max: 16,
    }),
    input_bits: param.integer('bits of each input, applied bit-serially (one bit-plane at a time)', {
      default: 8,
      min: 1,
      max: 16,
    }),
    mac_latency: param.integer(
      'cycles one input bit-plane takes through the array (wordline pulse, bitline settle, ADC or adder tree)',
      { default: 1, min: 1 },
    ),
    row_write_cycles: param.integer('cycles to write one row of weights', { default: 1, min: 0 }),
    energy_per_mac: param.energy('dynamic energy of one full-precision multiply-accumulate (all its bit-planes)', {
      default: 0,
    }),
    energy_per_weight_write: param.energy('dynamic energy of writing one weight', { default: 0 }),
    area: param.area('area of the macro (bit-cells and periphery)', { default: 0 }),
    leakage: param.power('static power of the macro', { default: 0 }),
  })
  .strict();

/** @typedef {z.infer<typeof params>} MacroParams */

/**
 * An SRAM compute-in-memory macro: a `gemm` writes each weight tile and
 * streams the inputs through it bit-serially (see `gemmCost`). GEMMs queue and
 * run one at a time, each holding the macro for its whole closed-form time.
 */
export class SramMacro extends Component {
  /** @param {import('helen').CreateContext<MacroParams>} ctx */
  constructor(ctx) {
    super(ctx.parent, ctx.name, componentOptions(ctx));
    /** The macro's parameters, typed (a driver reads its geometry here, never from untyped `params`). */
    this.p = ctx.params;
    // One resource books every GEMM: it queues them, and marks the macro busy while one runs.
    this.array = new SerialResource(this);
    this.macEnergy = this.energy.action('mac', ctx.params.energy_per_mac);
    this.writeEnergy = this.energy.action('weight_write', ctx.params.energy_per_weight_write);
    this.gemms = this.stats.counter('gemms', 'GEMMs completed', 'ops');
    this.tiles = this.stats.counter('tiles', 'weight tiles written and computed', 'tiles');
    this.macs = this.stats.counter('macs', 'useful multiply-accumulates (M·N·K per GEMM)', 'MACs');
    this.weightsWritten = this.stats.counter('weights_written', 'weights written into the array', 'weights');
    this.computeCycles = this.stats.counter(
      'compute_cycles',
      'cycles spent on GEMMs (weight writes included)',
      'cycles',
    );
  }

  /**
   * Queues C[M×N] = A[M×K]·B[K×N]; `done` when it has run.
   * @param {number} M
   * @param {number} N
   * @param {number} K
   * @param {() => void} done
   */
  gemm(M, N, K, done) {
    const cost = gemmCost(this.p, M, N, K);
    this.array.book(cost.cycles, () => {
      this.macEnergy.charge(cost.macs);
      this.writeEnergy.charge(cost.weights);
      this.gemms.add();
      this.tiles.add(cost.tiles);
      this.macs.add(cost.macs);
      this.weightsWritten.add(cost.weights);
      this.computeCycles.add(cost.cycles);
      done();
    });
  }
}

/** The `cim.sram_macro` component type. */
export const sramMacro = defineComponent({
  type: 'cim.sram_macro',
  description: 'an SRAM compute-in-memory macro: rows × columns weights, bit-serial inputs, one GEMM at a time',
  params,
  operations: {
    gemm: defineOperation({
      description:
        'C[M×N] = A[M×K]·B[K×N] with B written tile by tile; takes ceil(K/rows)·ceil(N/columns)·(rows·row_write_cycles + M·input_bits·mac_latency) cycles',
      args: {
        M: param.integer('input vectors (rows of A)', { min: 1 }),
        N: param.integer('outputs per vector (columns of B)', { min: 1 }),
        K: param.integer('inner dimension (columns of A, rows of B)', { min: 1 }),
      },
      run: (/** @type {SramMacro} */ macro, a, done) => macro.gemm(a.M, a.N, a.K, done),
    }),
  },
  statistics: {
    gemms: 'GEMMs completed (ops)',
    tiles: 'weight tiles written and computed (tiles)',
    macs: 'useful multiply-accumulates, M·N·K per GEMM (MACs)',
    weights_written: 'weights written into the array (weights)',
    compute_cycles: 'cycles spent on GEMMs, weight writes included (cycles)',
  },
  properties: sramMacroProperties,
  create: (ctx) => new SramMacro(ctx),
});
