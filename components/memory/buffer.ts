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
    capacity: param.size('capacity (reported; traffic is not address-checked)', { default: 64 * 1024 }),
    banks: param.integer('banks accessed in parallel, one access each per cycle', { default: 1, min: 1 }),
    width_bits: param.integer('bits moved by one access (the bus width)', { default: 256, min: 1 }),
    latency_cycles: param.integer('cycles from request to the first data', { default: 1, min: 0 }),
    read_energy: param.energy('energy of one read access of width_bits', { default: 0 }),
    write_energy: param.energy('energy of one write access of width_bits', { default: 0 }),
    area: param.area('area of the buffer', { default: 0 }),
    leakage: param.power('static power of the buffer (refresh included for eDRAM)', { default: 0 }),
  })
  .strict();

/** Parameters of an SRAM/eDRAM buffer or register file. */
export type BufferParams = z.infer<typeof params>;

/**
 * An on-chip buffer (SRAM, eDRAM, register file): a stream of `bytes` takes
 * latency + ceil(accesses / banks) cycles, one stream at a time; each access
 * moves width_bits and costs its read or write energy.
 */
export class Buffer extends Component {
  readonly p: BufferParams;
  private readonly port = new SerialResource(this);
  private readonly reads;
  private readonly writes;
  private readonly bytesRead = this.stats.counter('bytes_read', 'bytes read', 'bytes');
  private readonly bytesWritten = this.stats.counter('bytes_written', 'bytes written', 'bytes');

  constructor(ctx: CreateContext<BufferParams>) {
    super(ctx.parent, ctx.name, componentOptions(ctx));
    this.p = ctx.params;
    this.reads = this.energy.action('read', ctx.params.read_energy);
    this.writes = this.energy.action('write', ctx.params.write_energy);
  }

  /** Accesses needed to move `bytes`. */
  accesses(bytes: number): number {
    return Math.ceil((bytes * 8) / this.p.width_bits);
  }

  /** Energy of moving `bytes` in or out, in pJ (used by units that account for their registers' activity). */
  accessEnergyPj(kind: 'read' | 'write', bytes: number): number {
    return (bytes * 8 * (kind === 'read' ? this.p.read_energy : this.p.write_energy)) / this.p.width_bits;
  }

  /** Reads or writes `bytes`: latency_cycles + ceil(accesses / banks) cycles, behind earlier streams. */
  access(kind: 'read' | 'write', bytes: number, done: () => void): void {
    const n = this.accesses(bytes);
    if (kind === 'read') {
      this.reads.charge(n);
      this.bytesRead.add(bytes);
    } else {
      this.writes.charge(n);
      this.bytesWritten.add(bytes);
    }
    this.port.book(this.p.latency_cycles + Math.ceil(n / this.p.banks), done);
  }

  /** Power with every bank accessed every cycle (the dearer of read and write), plus leakage. */
  peakPowerMw(): number {
    const p = this.p;
    return p.leakage + p.banks * this.clock.frequencyHz * Math.max(p.read_energy, p.write_energy) * 1e-9;
  }
}

const bytesArg = { bytes: param.size('bytes to move', { min: 1 }) };

export const memoryBuffer = defineComponent({
  type: 'memory.buffer',
  // Accelergy 0.4 names a read-modify-write's write `update`: one write access here.
  energyActions: { update: 'write_energy' },
  description: 'an on-chip SRAM/eDRAM buffer or register: banked, width_bits per access, energy per access',
  params,
  operations: {
    read: defineOperation({
      description: 'read `bytes` (latency_cycles + ceil(accesses / banks) cycles)',
      args: bytesArg,
      run: (b: Buffer, a, done) => b.access('read', a.bytes, done),
    }),
    write: defineOperation({
      description: 'write `bytes` (same timing as read)',
      args: bytesArg,
      run: (b: Buffer, a, done) => b.access('write', a.bytes, done),
    }),
  },
  statistics: { bytes_read: 'bytes read (bytes)', bytes_written: 'bytes written (bytes)' },
  create: (ctx) => new Buffer(ctx),
});
