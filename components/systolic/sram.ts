import { z } from 'zod';
import { Component, defineComponent, param, type CreateContext } from '../../core/index.js';

const params = z
  .object({
    capacity: param.size('bytes of on-chip buffer', { default: 32 * 2 ** 20, min: 1 }),
    banks: param.integer('banks accessed in parallel', { default: 32, min: 1 }),
    bank_width: param.size('bytes one bank moves per port per cycle', { default: 64, min: 1 }),
    ports: param.integer('1: reads and writes share the banks; 2: one read and one write port per bank', {
      default: 2,
      min: 1,
      max: 2,
    }),
    double_buffered: param.boolean('operand tiles have two buffers, so the next tile loads while this one computes', {
      default: true,
    }),
    read_energy: param.energy('energy per byte read', { default: 0 }),
    write_energy: param.energy('energy per byte written', { default: 0 }),
    // TSMC 7 nm 256 Mib SRAM test chip: 42.64 mm² die for 32 MiB (J. Chang et al., ISSCC 2017, paper 12.1), periphery included.
    area_per_mib: param.area(
      'area of each MiB of capacity; default 1.3325 mm²/MiB, a 7 nm SRAM test chip (Chang et al., ISSCC 2017) with its periphery',
      { default: 1.3325 },
    ),
    area: param.area('area of the whole buffer; 0 means capacity in MiB × area_per_mib', { default: 0 }),
    leakage: param.power('static power', { default: 0 }),
  })
  .strict();

type Params = z.infer<typeof params>;

/** The buffer's area: the explicit `area`, else `area_per_mib` per MiB of capacity. */
export function sramAreaMm2(p: { capacity: number; area_per_mib: number; area: number }): number {
  return p.area > 0 ? p.area : (p.capacity / 2 ** 20) * p.area_per_mib;
}

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
  private readonly bytesRead = this.stats.counter(
    'bytes_read',
    'bytes read by the arrays and the vector unit',
    'bytes',
  );
  private readonly bytesWritten = this.stats.counter(
    'bytes_written',
    'bytes written (HBM fills, outputs, partial sums)',
    'bytes',
  );

  constructor(ctx: CreateContext<Params>) {
    super(ctx.parent, ctx.name, {
      clock: ctx.clock,
      params: ctx.params,
      type: ctx.type,
      areaMm2: sramAreaMm2(ctx.params),
      leakageMw: ctx.params.leakage,
    });
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
    return this.p.ports >= 2
      ? Math.ceil(Math.max(readBytes, writeBytes) / bw)
      : Math.ceil((readBytes + writeBytes) / bw);
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
  energyActions: {
    read: { refuse: 'systolic.sram charges read energy per byte; an ERT read is per access of unknown width' },
    write: { refuse: 'systolic.sram charges write energy per byte; an ERT write is per access of unknown width' },
  },
  description: 'on-chip SRAM buffer (capacity, banks, ports, double buffering) feeding systolic arrays',
  params,
  statistics: {
    bytes_read: 'bytes read by the arrays and the vector unit (bytes)',
    bytes_written: 'bytes written (HBM fills, outputs, partial sums) (bytes)',
  },
  create: (ctx) => new Sram(ctx),
});
