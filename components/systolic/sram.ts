import { z } from 'zod';
import { Component, defineComponent, param, type CreateContext } from '../../core/index.js';

const params = z
  .object({
    capacity: param.size('bytes of on-chip buffer', { default: 32 * 2 ** 20, min: 1 }),
    banks: param.integer('banks accessed in parallel', { default: 32, min: 1 }),
    bank_width: param.size('bytes one bank moves per port per cycle', { default: 64, min: 1 }),
    ports: param.integer('1: reads and writes share the banks; 2: one read and one write port per bank', { default: 2, min: 1, max: 2 }),
    double_buffered: param.boolean('operand tiles have two buffers, so the next tile loads while this one computes', { default: true }),
    read_energy: param.energy('energy per byte read', { default: 0 }),
    write_energy: param.energy('energy per byte written', { default: 0 }),
    area: param.area('silicon area of the buffer', { default: 0 }),
    leakage: param.power('static power', { default: 0 }),
  })
  .strict();

type Params = z.infer<typeof params>;

/**
 * On-chip SRAM buffer of a systolic accelerator. It does no scheduling of its
 * own: engines read its geometry (capacity, bytes per cycle, buffering) to
 * tile GEMMs and to find SRAM stalls, and charge its reads and writes here.
 */
export class Sram extends Component {
  /** Resolved parameters (canonical units). */
  readonly p: Params;
  private readonly readAction;
  private readonly writeAction;
  private readonly bytesRead = this.stats.counter('bytes_read', 'bytes read by the arrays and the vector unit', 'bytes');
  private readonly bytesWritten = this.stats.counter('bytes_written', 'bytes written (HBM fills, outputs, partial sums)', 'bytes');

  constructor(ctx: CreateContext<Params>) {
    super(ctx.parent, ctx.name, { clock: ctx.clock, params: ctx.params, type: ctx.type, areaMm2: ctx.params.area, leakageMw: ctx.params.leakage });
    this.p = ctx.params;
    this.readAction = this.energy.action('read', this.p.read_energy);
    this.writeAction = this.energy.action('write', this.p.write_energy);
  }

  /** Bytes per cycle one port moves over all banks. */
  get bytesPerCycle(): number {
    return this.p.banks * this.p.bank_width;
  }

  /**
   * Cycles the banks need to serve `readBytes` and `writeBytes`: with two
   * ports reads and writes proceed side by side, with one they take turns.
   */
  cyclesFor(readBytes: number, writeBytes: number): number {
    const bw = this.bytesPerCycle;
    return this.p.ports >= 2 ? Math.ceil(Math.max(readBytes, writeBytes) / bw) : Math.ceil((readBytes + writeBytes) / bw);
  }

  /** Records traffic (energy and counters). */
  charge(readBytes: number, writeBytes: number): void {
    this.readAction.charge(readBytes);
    this.writeAction.charge(writeBytes);
    this.bytesRead.add(readBytes);
    this.bytesWritten.add(writeBytes);
  }
}

export const systolicSram = defineComponent({
  type: 'systolic.sram',
  description: 'on-chip SRAM buffer (capacity, banks, ports, double buffering) feeding systolic arrays',
  params,
  create: (ctx) => new Sram(ctx),
});
