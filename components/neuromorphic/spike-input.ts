import { z } from 'zod';
import { Component, HelenError, defineComponent, param, type CreateContext, type OutPort } from '../../core/index.js';
import type { SpikeBatch } from './messages.js';
import { fanPorts } from './fan-ports.js';

const params = z
  .object({
    size: param.integer('number of input addresses (AER addresses 0 … size−1)', { min: 1 }),
    fanout: param.integer(
      'output ports: out, plus out[1] … out[fanout−1], each carrying every spike (to several projections)',
      { default: 1, min: 1, max: 64 },
    ),
  })
  .strict();

type Params = z.infer<typeof params>;

/** Where recorded or generated spikes enter the chip: address events become spike batches on `out`. */
export class SpikeInput extends Component {
  readonly out: OutPort<SpikeBatch>;
  /** Every output port: `out` first, then `out[1]` … (fanout). */
  readonly outs: OutPort<SpikeBatch>[];
  readonly size: number;
  private readonly spikesIn = this.stats.counter('spikes_in', 'input address events', 'spikes');

  constructor(ctx: CreateContext<Params>) {
    super(ctx.parent, ctx.name, { clock: ctx.clock, params: ctx.params, type: ctx.type });
    this.size = ctx.params.size;
    this.outs = fanPorts('out', ctx.params.fanout, (name) => this.outPort<SpikeBatch>(name));
    this.out = this.outs[0]!;
  }

  /** Emits the addresses that spike now (ascending, distinct). */
  emit(addresses: Int32Array): void {
    for (const a of addresses) {
      if (!(a >= 0 && a < this.size))
        throw new HelenError('E_WORKLOAD', `address ${a} is outside ${this.path} (0 … ${this.size - 1})`);
    }
    this.spikesIn.add(addresses.length);
    const batch: SpikeBatch = { sources: addresses };
    for (const port of this.outs) if (port.link) port.send(batch);
  }
}

export const spikeInput = defineComponent({
  type: 'neuromorphic.spike_input',
  description: 'entry point of spike recordings: AER addresses 0 … size−1 become spike batches',
  params,
  ports: { out: 'spike batches, one per input time stamp (SpikeBatch); the same on out[1] … with fanout > 1' },
  statistics: { spikes_in: 'input address events delivered (spikes)' },
  create: (ctx) => new SpikeInput(ctx),
});
