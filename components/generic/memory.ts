import { z } from 'zod';
import {
  HelenError,
  defineComponent,
  defineOperation,
  param,
  type CreateContext,
  componentOptions,
} from '../../core/index.js';
import { SerialServer } from './serial-server.js';

const params = z
  .object({
    capacity: param.size('capacity (an access beyond it is an error)'),
    bytes_per_cycle: param.integer('bytes transferred per cycle', { default: 32, min: 1 }),
    latency_cycles: param.integer('fixed access latency in cycles', { default: 1, min: 0 }),
    read_energy_per_byte: param.energy('energy per byte read', { default: 0 }),
    write_energy_per_byte: param.energy('energy per byte written', { default: 0 }),
    area: param.area('area of the memory', { default: 0 }),
    leakage: param.power('static power of the memory', { default: 0 }),
  })
  .strict();

type Params = z.infer<typeof params>;

/** A single-ported memory: each access takes latency + ceil(bytes / bytes_per_cycle) cycles, one at a time. */
export class GenericMemory extends SerialServer {
  private readonly readEnergy;
  private readonly writeEnergy;
  private readonly bytesRead = this.stats.counter('bytes_read', 'bytes read', 'bytes');
  private readonly bytesWritten = this.stats.counter('bytes_written', 'bytes written', 'bytes');

  constructor(ctx: CreateContext<Params>) {
    super(ctx.parent, ctx.name, componentOptions(ctx));
    this.readEnergy = this.energy.action('read', ctx.params.read_energy_per_byte);
    this.writeEnergy = this.energy.action('write', ctx.params.write_energy_per_byte);
  }

  /** Reads or writes `bytes`: latency_cycles + ceil(bytes / bytes_per_cycle) cycles, behind earlier accesses. */
  access(kind: 'read' | 'write', bytes: number, done: () => void): void {
    const p = this.params as Params;
    if (bytes > p.capacity)
      throw new HelenError(
        'E_OP',
        `operation "${kind}" of ${bytes} bytes exceeds ${this.path}'s capacity of ${p.capacity} bytes`,
      );
    const isRead = kind === 'read';
    this.enqueue({
      cycles: p.latency_cycles + Math.ceil(bytes / p.bytes_per_cycle),
      label: kind,
      onStart: () =>
        (isRead ? this.readEnergy : this.writeEnergy).chargeEnergy(
          1,
          bytes * (isRead ? p.read_energy_per_byte : p.write_energy_per_byte),
        ),
      onDone: () => {
        (isRead ? this.bytesRead : this.bytesWritten).add(bytes);
        done();
      },
    });
  }
}

const bytesArg = { bytes: param.size('bytes to move', { min: 1 }) };

export const genericMemory = defineComponent({
  type: 'generic.memory',
  description: 'a single-ported memory: reads and writes of N bytes, one at a time',
  params,
  operations: {
    read: defineOperation({
      description: 'read `bytes` (takes latency_cycles + ceil(bytes / bytes_per_cycle) cycles)',
      args: bytesArg,
      run: (m: GenericMemory, a, done) => m.access('read', a.bytes, done),
    }),
    write: defineOperation({
      description: 'write `bytes` (same timing as read)',
      args: bytesArg,
      run: (m: GenericMemory, a, done) => m.access('write', a.bytes, done),
    }),
  },
  statistics: {
    jobs: 'accesses completed (jobs)',
    busy_cycles: 'cycles spent working (cycles)',
    queue_wait_ps: 'time an access waited before it started (ps)',
    bytes_read: 'bytes read (bytes)',
    bytes_written: 'bytes written (bytes)',
  },
  create: (ctx) => new GenericMemory(ctx),
});
