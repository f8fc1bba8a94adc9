import { z } from 'zod';
import { Component, defineComponent, param, type CreateContext, type Operation, type OperationTarget, SerialResource, wholeArg, componentOptions } from '../../core/index.js';
import { checkTransfer } from './channel.js';

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
export class OffChipLink extends Component implements OperationTarget {
  readonly p: LinkParams;
  private readonly channel = new SerialResource(this);
  private readonly bits;

  constructor(ctx: CreateContext<LinkParams>) {
    super(ctx.parent, ctx.name, componentOptions(ctx));
    this.p = ctx.params;
    this.bits = this.energy.action('link_bit', ctx.params.energy_per_bit);
  }

  acceptOperation(op: Operation, done: () => void): void {
    checkTransfer(this.type, op);
    const bytes = wholeArg(op, 'bytes', undefined, 1);
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

export const interconnectLink = defineComponent({
  type: 'interconnect.link',
  description: 'an off-chip link: bandwidth, latency, energy per bit and static power',
  params,
  operations: { transfer: 'carry `bytes` (bytes / bandwidth + latency)' },
  create: (ctx) => new OffChipLink(ctx),
});
