import { z } from 'zod';
import {
  Component,
  defineComponent,
  defineOperation,
  param,
  type CreateContext,
  componentOptions,
} from '../../core/index.js';

const params = z
  .object({
    capacity: param.size('bytes the device holds (weights, KV cache, spilled activations)', {
      default: 16 * 2 ** 30,
      min: 1,
    }),
    channels: param.integer(
      'independent channels (pseudo-channels); transfers are interleaved over them burst by burst',
      { default: 8, min: 1 },
    ),
    bandwidth: param.bandwidth('peak bandwidth of all channels together', { default: 1.2e12, min: 1 }),
    latency: param.time('time from a request to its first data; back-to-back requests overlap it', {
      default: 100_000,
    }),
    burst: param.size('interleaving granule: one channel serves this many consecutive bytes', { default: 64, min: 1 }),
    read_energy: param.energy('energy per byte read (device + interface)', { default: 0 }),
    write_energy: param.energy('energy per byte written', { default: 0 }),
    area: param.area(
      'die area of the PHYs and controllers (the stacks are off-die); default 0: no published figure is used, give your own',
      { default: 0 },
    ),
    leakage: param.power('static power', { default: 0 }),
  })
  .strict();

type Params = z.infer<typeof params>;

/**
 * High-bandwidth memory (HBM/DRAM) of a systolic accelerator: channels,
 * bandwidth, latency and energy per byte. Engines use `busPs` and `charge*`
 * directly (closed form); workloads may also send `read`/`write` operations,
 * which queue on the bus one after another.
 */
export class Hbm extends Component {
  /** Resolved parameters (canonical units). */
  readonly p: Params;
  private readonly readAction;
  private readonly writeAction;
  private readonly bytesRead = this.stats.counter('bytes_read', 'bytes read from the device', 'bytes');
  private readonly bytesWritten = this.stats.counter('bytes_written', 'bytes written to the device', 'bytes');
  private busFreePs = 0;

  constructor(ctx: CreateContext<Params>) {
    super(ctx.parent, ctx.name, componentOptions(ctx));
    this.p = ctx.params;
    this.readAction = this.energy.action('read', this.p.read_energy);
    this.writeAction = this.energy.action('write', this.p.write_energy);
  }

  /**
   * Time `bytes` occupy the bus, in ps (not rounded): bursts are spread over
   * the channels and the busiest channel decides, so a small transfer cannot
   * use the whole bandwidth and no transfer ever beats bytes / bandwidth.
   */
  busPs(bytes: number): number {
    if (bytes <= 0) return 0;
    const bursts = Math.ceil(bytes / this.p.burst);
    const perChannel = Math.ceil(bursts / this.p.channels);
    const channelBytesPerPs = this.p.bandwidth / this.p.channels / 1e12;
    return (perChannel * this.p.burst) / channelBytesPerPs;
  }

  /** Records a read of `bytes` (energy and counter). */
  chargeRead(bytes: number): void {
    this.readAction.charge(bytes);
    this.bytesRead.add(bytes);
  }

  /** Records a write of `bytes`. */
  chargeWrite(bytes: number): void {
    this.writeAction.charge(bytes);
    this.bytesWritten.add(bytes);
  }

  /**
   * A read or write of `bytes` sent as an operation: it queues on the bus
   * behind earlier transfers and completes a latency after its last byte.
   */
  transfer(kind: 'read' | 'write', bytes: number, done: () => void): void {
    const start = Math.max(this.sim.nowPs, this.busFreePs);
    const bus = Math.ceil(this.busPs(bytes));
    this.busFreePs = start + bus;
    if (kind === 'read') this.chargeRead(bytes);
    else this.chargeWrite(bytes);
    this.beginBusy();
    this.sim.scheduleAt(start + bus + this.p.latency, () => {
      this.endBusy();
      done();
    });
  }
}

export const systolicHbm = defineComponent({
  type: 'systolic.hbm',
  energyActions: {
    read: { refuse: 'systolic.hbm charges read energy per byte; an ERT read is per access of unknown width' },
    write: { refuse: 'systolic.hbm charges write energy per byte; an ERT write is per access of unknown width' },
  },
  description: 'HBM/DRAM for a systolic accelerator: channels, bandwidth, latency, energy per byte',
  params,
  operations: {
    read: defineOperation({
      description: 'read `bytes`: bus time over the channels (behind earlier transfers) plus latency',
      args: { bytes: param.size('bytes to read', { min: 1 }) },
      run: (hbm: Hbm, { bytes }, done) => hbm.transfer('read', bytes, done),
    }),
    write: defineOperation({
      description: 'write `bytes`: bus time over the channels (behind earlier transfers) plus latency',
      args: { bytes: param.size('bytes to write', { min: 1 }) },
      run: (hbm: Hbm, { bytes }, done) => hbm.transfer('write', bytes, done),
    }),
  },
  statistics: {
    bytes_read: 'bytes read from the device (bytes)',
    bytes_written: 'bytes written to the device (bytes)',
  },
  create: (ctx) => new Hbm(ctx),
});
