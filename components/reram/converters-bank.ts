import { z } from 'zod';
import { Component, defineComponent, param, type Clock, type CreateContext } from '../../core/index.js';
import { bankOptions, bankParams } from './bank-params.js';

// ISAAC's IMA cycle: one shared ADC converts 128 columns at 1.2 GS/s, so row drivers and
// sample-and-holds act once per 128 / 1.2 GHz. Per-action energies below are ISAAC's
// powers over that cycle (the same derivation gives Accelergy's 1.667 pJ and 0.417 pJ).
const ISAAC_IMA_CYCLE_S = 128 / 1.2e9;

/** A bank of identical converter circuits: its parameters, and area and leakage from its unit count. */
abstract class ConverterBank<P extends { units: number; unit_area: number; unit_leakage: number }> extends Component {
  readonly p: P;
  constructor(ctx: CreateContext<P>) {
    super(ctx.parent, ctx.name, {
      clock: ctx.clock,
      params: ctx.params,
      type: ctx.type,
      declaration: ctx.declaration,
      ...bankOptions(ctx.params),
    });
    this.p = ctx.params;
  }
}

const dacParams = z
  .object({
    ...bankParams('DACs', 8 * 128, 0.00017 / 1024),
    bits: param.integer('resolution: input bits applied per crossbar read (1 = bit-serial)', {
      default: 1,
      min: 1,
      max: 8,
    }),
    latency: param.time('time a conversion adds before the crossbar read', { default: 0 }),
    energy_per_conversion: param.energy('energy of one DAC driving one row for one read (ISAAC: 4 mW for 1024 DACs)', {
      default: (4e-3 / 1024) * ISAAC_IMA_CYCLE_S * 1e12,
    }),
  })
  .strict();

/** Parameters of a DAC bank. */
export type DacParams = z.infer<typeof dacParams>;

/** Row drivers: each converts `bits` of an input into a read voltage once per crossbar read. */
export class DacBank extends ConverterBank<DacParams> {
  readonly conversion = this.energy.action('dac_conversion', this.p.energy_per_conversion);
}

/** `reram.dac`: an IMA's row DACs. */
export const reramDac = defineComponent({
  type: 'reram.dac',
  description: 'a bank of row DACs: inputs of input_bits are fed over ceil(input_bits / bits) crossbar reads',
  params: dacParams,
  statistics: {},
  create: (ctx) => new DacBank(ctx),
});

const shParams = z
  .object({
    ...bankParams('sample-and-holds', 8 * 128, 0.00004 / 1024),
    energy_per_sample: param.energy('energy of one column sample (ISAAC: 10 µW for 1024)', {
      default: (0.01e-3 / 1024) * ISAAC_IMA_CYCLE_S * 1e12,
    }),
  })
  .strict();

/** Parameters of a sample-and-hold bank. */
export type SampleHoldParams = z.infer<typeof shParams>;

/** Holds each column's value after a read, so the crossbar can start its next read while the ADC converts. */
export class SampleHoldBank extends ConverterBank<SampleHoldParams> {
  readonly sample = this.energy.action('sample_hold', this.p.energy_per_sample);
}

/** `reram.sample_hold`: an IMA's column sample-and-holds. */
export const reramSampleHold = defineComponent({
  type: 'reram.sample_hold',
  description: 'a bank of sample-and-hold circuits, one per crossbar column',
  params: shParams,
  statistics: {},
  create: (ctx) => new SampleHoldBank(ctx),
});

const adcParams = z
  .object({
    ...bankParams('ADCs', 8, 0.0096 / 8),
    bits: param.integer('resolution: codes 0 … 2^bits − 1; larger column values clip', { default: 8, min: 1, max: 16 }),
    lsb: param.number('column value per code step, in unit-cell steps (1 = exact counting up to 2^bits − 1)', {
      default: 1,
      min: 1e-9,
    }),
    sample_rate: param.frequency('conversions per second of one ADC', { default: 1.2e9 }),
    columns_per_adc: param.integer('crossbar columns sharing one ADC through the sample-and-holds', {
      default: 128,
      min: 1,
    }),
    energy_per_conversion: param.energy('energy of one conversion (ISAAC: 2 mW per ADC at 1.2 GS/s)', {
      default: (2e-3 / 1.2e9) * 1e12,
    }),
  })
  .strict();

/** Parameters of an ADC bank. */
export type AdcParams = z.infer<typeof adcParams>;

/** Shared column ADCs: resolution, step, rate and energy. */
export class AdcBank extends ConverterBank<AdcParams> {
  readonly conversion = this.energy.action('adc_conversion', this.p.energy_per_conversion);

  /** Whole cycles of `clock` that `n` back-to-back conversions on one ADC take. */
  conversionCycles(n: number, clock: Clock): number {
    // Exact ratio n · f_clock / f_sample; the epsilon absorbs float error so 128 samples at 1.2 GS/s on 1.2 GHz stay 128 cycles.
    return Math.ceil((n * 1e12 * clock.periodDen) / (this.p.sample_rate * clock.periodNumPs) - 1e-9);
  }
}

/** `reram.adc`: an IMA's shared column ADCs. */
export const reramAdc = defineComponent({
  type: 'reram.adc',
  description: 'a bank of column ADCs, each shared by columns_per_adc columns; clips and quantises like a converter',
  params: adcParams,
  statistics: {},
  create: (ctx) => new AdcBank(ctx),
});
