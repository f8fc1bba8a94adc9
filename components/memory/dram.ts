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
    bandwidth: param.bandwidth('sustained transfer rate', { default: 25.6e9 }),
    latency: param.time('time from request to the first data', { default: 50_000 }),
    energy_per_bit: param.energy('energy per bit transferred, interface and array', { default: 20 }),
    area: param.area('area the model charges to the chip (off-chip DRAM: 0)', { default: 0 }),
    leakage: param.power('static power (refresh, PHY)', { default: 0 }),
  })
  .strict();

/** Parameters of the simple DRAM. */
export type DramParams = z.infer<typeof params>;

/**
 * Off-chip DRAM as latency plus bandwidth: a transfer of `bytes` occupies the
 * channel bytes / bandwidth (rounded up to cycles) after its latency; transfers
 * are served one at a time.
 */
export class Dram extends Component {
  readonly p: DramParams;
  private readonly port = new SerialResource(this);
  private readonly transfer;
  private readonly bytesMoved = this.stats.counter('bytes', 'bytes transferred', 'bytes');

  constructor(ctx: CreateContext<DramParams>) {
    super(ctx.parent, ctx.name, componentOptions(ctx));
    this.p = ctx.params;
    this.transfer = this.energy.action('dram_transfer', 0);
  }

  /** Moves `bytes` in or out: latency + bytes / bandwidth, rounded up to cycles, behind earlier transfers. */
  access(bytes: number, done: () => void): void {
    this.transfer.chargeEnergy(1, bytes * 8 * this.p.energy_per_bit);
    this.bytesMoved.add(bytes);
    const clock = this.clock;
    const ps = this.p.latency + Math.ceil((bytes * 1e12) / this.p.bandwidth);
    this.port.book(Math.ceil((ps * clock.periodDen) / clock.periodNumPs), done);
  }

  /** Power when streaming at full bandwidth, plus leakage. */
  peakPowerMw(): number {
    return this.p.leakage + this.p.bandwidth * 8 * this.p.energy_per_bit * 1e-9;
  }
}

const bytesArg = { bytes: param.size('bytes to move', { min: 1 }) };

export const memoryDram = defineComponent({
  type: 'memory.dram',
  description: 'off-chip DRAM: latency + bytes / bandwidth per transfer, energy per bit',
  params,
  operations: {
    read: defineOperation({
      description: 'read `bytes` (latency + bytes / bandwidth)',
      args: bytesArg,
      run: (d: Dram, a, done) => d.access(a.bytes, done),
    }),
    write: defineOperation({
      description: 'write `bytes` (same timing as read)',
      args: bytesArg,
      run: (d: Dram, a, done) => d.access(a.bytes, done),
    }),
  },
  statistics: { bytes: 'bytes transferred (bytes)' },
  create: (ctx) => new Dram(ctx),
});
