import { z } from 'zod';
import { HelenError, defineComponent, param, type InPort, type Operation, type OperationTarget, type OutPort, type CreateContext, wholeArg, componentOptions } from '../../core/index.js';
import { SerialServer } from './serial-server.js';

const params = z
  .object({
    cycles_per_op: param.integer('cycles one operation (count 1) occupies the unit', { default: 1, min: 1 }),
    energy_per_op: param.energy('dynamic energy of one operation', { default: 0 }),
    cycles_per_message: param.integer('cycles the unit spends consuming one incoming message', { default: 1, min: 0 }),
    energy_per_message: param.energy('dynamic energy of consuming one incoming message', { default: 0 }),
    in_depth: param.integer('input buffer depth in messages (a full buffer back-pressures senders)', { default: 4, min: 1 }),
    area: param.area('area of the unit', { default: 0 }),
    leakage: param.power('static power of the unit', { default: 0 }),
  })
  .strict();

type Params = z.infer<typeof params>;

/** A message between generic units: its size, and whom to tell when it has been consumed. */
interface UnitMessage {
  bytes: number;
  consumed?: () => void;
}

/**
 * A generic processing unit: does `compute` operations one at a time, sends
 * messages to other units over its `out` port, and consumes messages arriving
 * on `in`. Enough to model a pipeline of units from YAML before a family exists.
 */
export class GenericUnit extends SerialServer implements OperationTarget {
  readonly in: InPort<UnitMessage>;
  readonly out: OutPort<UnitMessage>;
  private readonly opEnergy;
  private readonly msgEnergy;
  private readonly ops = this.stats.counter('ops', 'compute operations done', 'ops');
  private readonly received = this.stats.counter('messages_received', 'messages consumed', 'messages');

  constructor(ctx: CreateContext<Params>) {
    super(ctx.parent, ctx.name, componentOptions(ctx));
    const p = ctx.params;
    this.opEnergy = this.energy.action('op', p.energy_per_op);
    this.msgEnergy = this.energy.action('message', p.energy_per_message);
    this.in = this.inPort<UnitMessage>('in', { depth: p.in_depth });
    this.out = this.outPort<UnitMessage>('out');
    this.in.onArrival(() => this.poke());
  }

  private get p(): Params {
    return this.params as Params;
  }

  protected override pullJob() {
    const m = this.in.take();
    if (!m) return undefined;
    return {
      cycles: this.p.cycles_per_message,
      label: 'message',
      onStart: () => this.msgEnergy.charge(),
      onDone: () => {
        this.received.add();
        m.consumed?.();
      },
    };
  }

  acceptOperation(op: Operation, done: () => void): void {
    if (op.name === 'compute') {
      const count = wholeArg(op, 'count', 1, 1);
      const cycles = op.args['cycles'] === undefined ? count * this.p.cycles_per_op : wholeArg(op, 'cycles', undefined, 1);
      this.enqueue({
        cycles,
        label: 'compute',
        onStart: () => this.opEnergy.charge(count),
        onDone: () => {
          this.ops.add(count);
          done();
        },
      });
    } else if (op.name === 'send') {
      const bytes = wholeArg(op, 'bytes', 0);
      const count = wholeArg(op, 'count', 1, 1);
      if (!this.out.link) throw new HelenError('E_OP', `operation "send": ${this.path}.out is not connected`);
      let left = count;
      const consumed = (): void => {
        if (--left === 0) done();
      };
      for (let i = 0; i < count; i++) this.out.send({ bytes, consumed }, bytes);
    } else {
      throw new HelenError('E_OP', `${this.type} does not know operation "${op.name}"; it accepts: compute, send`);
    }
  }
}

export const genericUnit = defineComponent({
  type: 'generic.unit',
  description: 'a processing unit: compute operations one at a time, messages in and out',
  params,
  ports: { in: 'messages to consume (each takes cycles_per_message)', out: 'messages sent by `send` operations' },
  operations: {
    compute: 'occupy the unit for count × cycles_per_op cycles (args: count=1, or cycles)',
    send: 'send `count` messages of `bytes` through out; done when the receiver has consumed them all (args: bytes, count=1)',
  },
  create: (ctx) => new GenericUnit(ctx),
});
