import { z } from 'zod';
import { Component, defineComponent, param, type CreateContext, type Operation, type OperationTarget } from '../../core/index.js';
import { Channel, checkTransfer, wholeArg } from './channel.js';

const params = z
  .object({
    ports: param.integer('ports (tiles and neighbouring routers attached)', { default: 8, min: 2 }),
    flit_bits: param.integer('bits per flit', { default: 32, min: 1 }),
    hop_latency_cycles: param.integer('cycles a flit takes through one router and link', { default: 2, min: 1 }),
    // ISAAC: 8-port router with 32-bit flits, 42 mW at 1.2 GHz with every port moving a flit each cycle.
    energy_per_flit: param.energy('energy to move one flit through one router', { default: (42e-3 / (8 * 1.2e9)) * 1e12 }),
    area: param.area('area of the router', { default: 0.151 }),
    leakage: param.power('static power of the router', { default: 0 }),
  })
  .strict();

/** Parameters of a mesh router. */
export type RouterParams = z.infer<typeof params>;

/**
 * A router of a concentrated mesh: a transfer of `bytes` over `hops` routers is
 * split into flits that stream through one port (one flit per cycle) with
 * hops × hop_latency_cycles of pipeline latency; each flit costs energy at
 * every hop.
 */
export class Router extends Component implements OperationTarget {
  readonly p: RouterParams;
  private readonly channel = new Channel(this);
  private readonly flits;

  constructor(ctx: CreateContext<RouterParams>) {
    super(ctx.parent, ctx.name, { clock: ctx.clock, params: ctx.params, type: ctx.type, areaMm2: ctx.params.area, leakageMw: ctx.params.leakage });
    this.p = ctx.params;
    this.flits = this.energy.action('flit_hop', ctx.params.energy_per_flit);
  }

  acceptOperation(op: Operation, done: () => void): void {
    checkTransfer(this.type, op);
    const bytes = wholeArg(op, 'bytes', undefined, 1);
    const hops = wholeArg(op, 'hops', 1, 1);
    const flits = Math.ceil((bytes * 8) / this.p.flit_bits);
    this.flits.charge(flits * hops);
    this.channel.book(flits, hops * this.p.hop_latency_cycles, done);
  }

  /** Power with every port moving a flit every cycle, plus leakage. */
  peakPowerMw(): number {
    return this.p.leakage + this.p.ports * this.clock.frequencyHz * this.p.energy_per_flit * 1e-9;
  }
}

export const interconnectRouter = defineComponent({
  type: 'interconnect.router',
  description: 'a mesh router: flits of flit_bits, one per cycle per port, hop latency and energy per flit-hop',
  params,
  operations: { transfer: 'send `bytes` over `hops` routers (ceil(bits / flit_bits) cycles + hops × hop_latency_cycles)' },
  create: (ctx) => new Router(ctx),
});
