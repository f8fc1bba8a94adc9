import { z } from 'zod';
import { Component, defineComponent, param, type CreateContext } from '../../core/index.js';
import { bankOptions, bankParams } from './bank-params.js';
import type { DeviceModel } from './crossbar-array.js';
import type { WeightEncoding } from './encoding.js';

// ISAAC (ISCA 2016): 8 crossbars of 128×128 2-bit cells per IMA, 2.4 mW and 0.0002 mm² for the eight.
const ISAAC_IMA_CYCLE_S = 128 / 1.2e9;

// NeuroSim's device defaults (docs/references.md): 300 µs write pulses at 3.2 V on cells of 3.08–38.5 nS.
// One pulse per cell at the mid conductance: E = V²·G·PW = 3.2² × 20.79 nS × 300 µs = 63.9 pJ.
const NEUROSIM_WRITE_PULSE_PS = 300e6;
const NEUROSIM_WRITE_ENERGY_PJ = 3.2 ** 2 * ((38.5e-9 + 3.08e-9) / 2) * 300e-6 * 1e12;

const params = z
  .object({
    ...bankParams('crossbars', 8, 0.0002 / 8),
    rows: param.integer('rows (word lines) of one crossbar: inputs it sums over', { default: 128, min: 1, max: 4096 }),
    cols: param.integer('physical columns (bit lines) of one crossbar', { default: 128, min: 1, max: 4096 }),
    bits_per_cell: param.integer('bits stored per cell (2^bits conductance levels)', { default: 2, min: 1, max: 8 }),
    weight_bits: param.integer('width of a signed weight, sliced over ceil(bits / bits_per_cell) cells', {
      default: 16,
      min: 2,
      max: 24,
    }),
    signed: param.enum(
      ['offset', 'differential'] as const,
      'signed weights: offset (w + 2^(bits-1), one all-ones column per crossbar) or differential (a + and a − column per slice)',
      { default: 'offset' },
    ),
    read_latency: param.time('time of one crossbar read (drive rows, settle, sample)', { default: 100_000 }),
    read_energy: param.energy(
      'energy of one read of one crossbar (ISAAC: 0.3 mW over a 128-sample IMA cycle at 1.2 GHz)',
      { default: 0.3e-3 * ISAAC_IMA_CYCLE_S * 1e12 },
    ),
    write_latency: param.time(
      'time to program one row of a crossbar (its cells in parallel, one pulse; NeuroSim: 300 µs)',
      { default: NEUROSIM_WRITE_PULSE_PS },
    ),
    write_energy: param.energy('energy to program one cell (NeuroSim: 3.2 V² × 20.8 nS × 300 µs)', {
      default: NEUROSIM_WRITE_ENERGY_PJ,
    }),
    g_on: param.number('conductance of a fully-on cell, in µS (NeuroSim: R_on 6 kΩ)', { default: 1e6 / 6000, min: 0 }),
    g_off: param.number('conductance of a fully-off cell, in µS (NeuroSim: on/off ratio 150)', {
      default: 1e6 / 6000 / 150,
      min: 0,
    }),
    variation: param.number('programming variation: relative σ of each programmed conductance (Gaussian, seeded)', {
      default: 0,
      min: 0,
    }),
    stuck_on_rate: param.number('fraction of cells stuck at G_on (seeded)', { default: 0, min: 0, max: 1 }),
    stuck_off_rate: param.number('fraction of cells stuck at G_off (seeded)', { default: 0, min: 0, max: 1 }),
    read_noise: param.number('read noise: relative σ of each cell current at every read (seeded)', {
      default: 0,
      min: 0,
    }),
  })
  .strict();

/** Parameters of a crossbar bank. */
export type CrossbarParams = z.infer<typeof params>;

/** A bank of identical crossbars: their geometry, cell encoding, devices, read time and energy. */
export class CrossbarBank extends Component {
  readonly p: CrossbarParams;
  /** Charged once per crossbar per read (one DAC cycle). */
  readonly readAction;
  /** Charged once per programmed cell. */
  readonly writeAction;

  constructor(ctx: CreateContext<CrossbarParams>) {
    super(ctx.parent, ctx.name, {
      clock: ctx.clock,
      params: ctx.params,
      type: ctx.type,
      declaration: ctx.declaration,
      ...bankOptions(ctx.params),
    });
    this.p = ctx.params;
    this.readAction = this.energy.action('crossbar_read', ctx.params.read_energy);
    this.writeAction = this.energy.action('cell_write', ctx.params.write_energy);
  }

  /** The weight layout over cells. */
  get encoding(): WeightEncoding {
    return { bitsPerCell: this.p.bits_per_cell, weightBits: this.p.weight_bits, signed: this.p.signed };
  }

  /** Conductances and non-idealities, for the value model. */
  get device(): Omit<DeviceModel, 'bitsPerCell'> {
    const p = this.p;
    return {
      gOnUs: p.g_on,
      gOffUs: p.g_off,
      variationSigma: p.variation,
      stuckOnRate: p.stuck_on_rate,
      stuckOffRate: p.stuck_off_rate,
      readNoiseSigma: p.read_noise,
    };
  }
}

/** `reram.crossbar`: an IMA's bank of crossbars. */
export const reramCrossbar = defineComponent({
  type: 'reram.crossbar',
  description: 'a bank of ReRAM crossbars: rows × cols cells of bits_per_cell levels holding bit-sliced signed weights',
  params,
  statistics: {},
  create: (ctx) => new CrossbarBank(ctx),
});
