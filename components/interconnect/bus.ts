import { z } from 'zod';
import {
  Component,
  defineComponent,
  defineOperation,
  param,
  type CreateContext,
  SerialResource,
  componentOptions,
} from '../../core/index.js';

const params = z
  .object({
    width_bits: param.integer('wires: bits carried per cycle', { default: 384, min: 1 }),
    latency_cycles: param.integer('cycles from the last bit sent to its arrival', { default: 1, min: 0 }),
    // ISAAC: 384-wire eDRAM-to-IMA bus, 7 mW at 1.2 GHz with every wire busy.
    energy_per_bit: param.energy('energy per bit carried', { default: (7e-3 / (384 * 1.2e9)) * 1e12 }),
    area: param.area('area of the bus wires and drivers', { default: 0 }),
    leakage: param.power('static power of the bus', { default: 0 }),
  })
  .strict();

/** Parameters of a shared bus. */
export type BusParams = z.infer<typeof params>;

/** A shared bus: a transfer of `bytes` occupies it ceil(bits / width_bits) cycles, one transfer at a time. */
export class Bus extends Component {
  readonly p: BusParams;
  private readonly channel = new SerialResource(this);
  private readonly bits;

  constructor(ctx: CreateContext<BusParams>) {
    super(ctx.parent, ctx.name, componentOptions(ctx));
    this.p = ctx.params;
    this.bits = this.energy.action('bus_bit', ctx.params.energy_per_bit);
  }

  /** Carries `bytes`; calls `done` when the last bit has arrived. */
  transfer(bytes: number, done: () => void): void {
    const bits = bytes * 8;
    this.bits.charge(bits);
    this.channel.book(Math.ceil(bits / this.p.width_bits), done, this.p.latency_cycles);
  }

  /** Power with every wire toggling data every cycle, plus leakage. */
  peakPowerMw(): number {
    return this.p.leakage + this.p.width_bits * this.clock.frequencyHz * this.p.energy_per_bit * 1e-9;
  }
}

/** `interconnect.bus`: the tile bus between buffers and units. */
export const interconnectBus = defineComponent({
  type: 'interconnect.bus',
  description: 'a shared bus of width_bits wires: ceil(bits / width) cycles per transfer, energy per bit',
  params,
  operations: {
    transfer: defineOperation({
      description: 'carry `bytes` (ceil(bytes·8 / width_bits) cycles + latency_cycles)',
      args: { bytes: param.integer('bytes carried', { min: 1 }) },
      run: (bus: Bus, a, done) => bus.transfer(a.bytes, done),
    }),
  },
  statistics: {},
  create: (ctx) => new Bus(ctx),
});
