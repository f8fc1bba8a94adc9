import { z } from 'zod';
import {
  HelenError,
  defineComponent,
  defineOperation,
  param,
  type InPort,
  type OutPort,
  type CreateContext,
  componentOptions,
  MAX_BUFFER_DEPTH,
} from '../../core/index.js';
import { SerialServer } from './serial-server.js';

const params = z
  .object({
    cycles_per_op: param.integer('cycles one operation (count 1) occupies the unit', { default: 1, min: 1 }),
    energy_per_op: param.energy('dynamic energy of one operation', { default: 0 }),
    cycles_per_message: param.integer('cycles the unit spends consuming one incoming message', { default: 1, min: 0 }),
    energy_per_message: param.energy('dynamic energy of consuming one incoming message', { default: 0 }),
    in_depth: param.integer('input buffer depth in messages (a full buffer back-pressures senders)', {
      default: 4,
      min: 1,
      max: MAX_BUFFER_DEPTH,
    }),
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
export class GenericUnit extends SerialServer {
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

  /** The unit's parameters. */
  get p(): Params {
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

  /** Occupies the unit for `cycles` cycles doing `count` operations; `done` when they end. */
  compute(count: number, cycles: number, done: () => void): void {
    this.enqueue({
      cycles,
      label: 'compute',
      onStart: () => this.opEnergy.charge(count),
      onDone: () => {
        this.ops.add(count);
        done();
      },
    });
  }

  /**
   * Sends `count` messages of `bytes` through `out`; `done` when the receiver
   * has consumed them all. The messages are made as they leave (a count of a
   * hundred million once queued them all up front and ran out of memory).
   */
  send(bytes: number, count: number, done: () => void): void {
    if (!this.out.link) throw new HelenError('E_OP', `operation "send": ${this.path}.out is not connected`);
    let left = count;
    const consumed = (): void => {
      if (--left === 0) done();
    };
    this.out.sendMany(count, bytes, () => ({ bytes, consumed }));
  }
}

export const genericUnit = defineComponent({
  type: 'generic.unit',
  description: 'a processing unit: compute operations one at a time, messages in and out',
  params,
  ports: { in: 'messages to consume (each takes cycles_per_message)', out: 'messages sent by `send` operations' },
  operations: {
    compute: defineOperation({
      description: 'occupy the unit for count × cycles_per_op cycles, or for `cycles` when given',
      args: {
        count: param.integer('operations done (energy_per_op each)', { default: 1, min: 1 }),
        cycles: param.integer('cycles to occupy the unit instead of count × cycles_per_op', { min: 1 }).optional(),
      },
      run: (unit: GenericUnit, a, done) => unit.compute(a.count, a.cycles ?? a.count * unit.p.cycles_per_op, done),
    }),
    send: defineOperation({
      description: 'send `count` messages of `bytes` through out; done when the receiver has consumed them all',
      args: {
        bytes: param.size('bytes per message', { default: 0 }),
        count: param.integer('messages to send', { default: 1, min: 1 }),
      },
      run: (unit: GenericUnit, a, done) => unit.send(a.bytes, a.count, done),
    }),
  },
  statistics: {
    jobs: 'jobs completed (jobs)',
    busy_cycles: 'cycles spent working (cycles)',
    queue_wait_ps: 'time a job waited before it started (ps)',
    ops: 'compute operations done (ops)',
    messages_received: 'messages consumed (messages)',
  },
  create: (ctx) => new GenericUnit(ctx),
});
