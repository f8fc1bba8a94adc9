import { z } from 'zod';
import { HelenError, defineComponent, param, type Operation, type OperationTarget, type CreateContext, wholeArg, componentOptions } from '../../core/index.js';
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
export class GenericMemory extends SerialServer implements OperationTarget {
  private readonly readEnergy;
  private readonly writeEnergy;
  private readonly bytesRead = this.stats.counter('bytes_read', 'bytes read', 'bytes');
  private readonly bytesWritten = this.stats.counter('bytes_written', 'bytes written', 'bytes');

  constructor(ctx: CreateContext<Params>) {
    super(ctx.parent, ctx.name, componentOptions(ctx));
    this.readEnergy = this.energy.action('read', ctx.params.read_energy_per_byte);
    this.writeEnergy = this.energy.action('write', ctx.params.write_energy_per_byte);
  }

  acceptOperation(op: Operation, done: () => void): void {
    const p = this.params as Params;
    if (op.name !== 'read' && op.name !== 'write') {
      throw new HelenError('E_OP', `${this.type} does not know operation "${op.name}"; it accepts: read, write`);
    }
    const bytes = wholeArg(op, 'bytes', undefined, 1);
    if (bytes > p.capacity) throw new HelenError('E_OP', `operation "${op.name}" of ${bytes} bytes exceeds ${this.path}'s capacity of ${p.capacity} bytes`);
    const isRead = op.name === 'read';
    this.enqueue({
      cycles: p.latency_cycles + Math.ceil(bytes / p.bytes_per_cycle),
      label: op.name,
      onStart: () => (isRead ? this.readEnergy : this.writeEnergy).chargeEnergy(1, bytes * (isRead ? p.read_energy_per_byte : p.write_energy_per_byte)),
      onDone: () => {
        (isRead ? this.bytesRead : this.bytesWritten).add(bytes);
        done();
      },
    });
  }
}

export const genericMemory = defineComponent({
  type: 'generic.memory',
  description: 'a single-ported memory: reads and writes of N bytes, one at a time',
  params,
  operations: {
    read: 'read `bytes` (takes latency_cycles + ceil(bytes / bytes_per_cycle) cycles)',
    write: 'write `bytes` (same timing as read)',
  },
  create: (ctx) => new GenericMemory(ctx),
});
