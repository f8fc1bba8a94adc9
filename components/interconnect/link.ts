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
    bandwidth: param.bandwidth('bytes per second over all lanes', { default: 4 * 6.4e9 }),
    latency: param.time('time of flight and SerDes latency', { default: 20_000 }),
    energy_per_bit: param.energy('energy per bit carried, beyond the static power', { default: 0 }),
    area: param.area('area of the PHYs and controller', { default: 0 }),
    leakage: param.power('static power of the PHYs (burnt whether or not data moves)', { default: 0 }),
  })
  .strict();

/** Parameters of an off-chip link. */
export type LinkParams = z.infer<typeof params>;

/** An off-chip serial link (HyperTransport, PCIe): bytes / bandwidth of occupancy plus latency. */
export class OffChipLink extends Component {
  readonly p: LinkParams;
  private readonly channel = new SerialResource(this);
  private readonly bits;

  constructor(ctx: CreateContext<LinkParams>) {
    super(ctx.parent, ctx.name, componentOptions(ctx));
    this.p = ctx.params;
    this.bits = this.energy.action('link_bit', ctx.params.energy_per_bit);
  }

  /** Carries `bytes`; calls `done` when they have arrived at the far end. */
  transfer(bytes: number, done: () => void): void {
    this.bits.charge(bytes * 8);
    const clock = this.clock;
    const toCycles = (ps: number) => Math.ceil((ps * clock.periodDen) / clock.periodNumPs);
    this.channel.book(toCycles(Math.ceil((bytes * 1e12) / this.p.bandwidth)), done, toCycles(this.p.latency));
  }

  /** Power at full bandwidth, plus the static power. */
  peakPowerMw(): number {
    return this.p.leakage + this.p.bandwidth * 8 * this.p.energy_per_bit * 1e-9;
  }
}

/** `interconnect.link`: an off-chip link (HyperTransport, PCIe). */
export const interconnectLink = defineComponent({
  type: 'interconnect.link',
  description: 'an off-chip link: bandwidth, latency, energy per bit and static power',
  params,
  operations: {
    transfer: defineOperation({
      description: 'carry `bytes` (bytes / bandwidth + latency)',
      args: { bytes: param.integer('bytes carried', { min: 1 }) },
      run: (link: OffChipLink, a, done) => link.transfer(a.bytes, done),
    }),
  },
  statistics: {},
  create: (ctx) => new OffChipLink(ctx),
});
