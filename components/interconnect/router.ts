import { z } from 'zod';
import {
  Component,
  HelenError,
  componentsOfType,
  defineComponent,
  defineOperation,
  param,
  type CreateContext,
  SerialResource,
  componentOptions,
} from '../../core/index.js';
import { meshRoute, type MeshNode } from './mesh.js';

const params = z
  .object({
    ports: param.integer('ports (tiles and neighbouring routers attached)', { default: 8, min: 2 }),
    flit_bits: param.integer('bits per flit', { default: 32, min: 1 }),
    hop_latency_cycles: param.integer('cycles a flit takes through one router and link', { default: 2, min: 1 }),
    // ISAAC: 8-port router with 32-bit flits, 42 mW at 1.2 GHz with every port moving a flit each cycle.
    energy_per_flit: param.energy('energy to move one flit through one router', {
      default: (42e-3 / (8 * 1.2e9)) * 1e12,
    }),
    mesh_columns: param.integer(
      'columns of the 2D mesh formed by the sibling routers (0: a lone router, transfers name their `hops`)',
      { default: 0, min: 0 },
    ),
    link_flits_per_cycle: param.integer('flits a mesh link (and the ejection port) carries per cycle', {
      default: 1,
      min: 1,
    }),
    area: param.area('area of the router', { default: 0.151 }),
    leakage: param.power('static power of the router', { default: 0 }),
  })
  .strict();

/** Parameters of a mesh router. */
export type RouterParams = z.infer<typeof params>;

/**
 * A router of a concentrated 2D mesh. Sibling routers (same parent, same type)
 * are the mesh's nodes in order, `mesh_columns` per row. A transfer of `bytes`
 * to router `to` is cut into flits and routed XY (YX when the X leg would leave
 * a partial last row); each output link and the destination's ejection port
 * carries one transfer at a time, so transfers sharing a link wait for each
 * other (virtual cut-through: the head moves on hop_latency_cycles after it
 * wins a link). Every router on the path charges energy_per_flit per flit.
 * Without a mesh (`mesh_columns: 0`) a transfer names its `hops` instead.
 */
export class Router extends Component implements MeshNode {
  readonly p: RouterParams;
  private readonly channel = new SerialResource(this);
  private readonly flits;
  /** Cycle each output link (E, W, N, S) and the ejection port (4) is free again. */
  readonly linkFreeAtCycle = [0, 0, 0, 0, 0];
  private nodes: Router[] | undefined;
  private readonly routed = this.stats.counter('flits_routed', 'flits that passed through this router', 'flits');
  private readonly waited = this.stats.counter(
    'contention_cycles',
    'cycles transfers from this router waited for busy links on their path',
    'cycles',
  );
  private readonly hopCount = this.stats.counter(
    'link_hops',
    'mesh links crossed by transfers sent from this router',
    'hops',
  );

  constructor(ctx: CreateContext<RouterParams>) {
    super(ctx.parent, ctx.name, componentOptions(ctx));
    this.p = ctx.params;
    this.flits = this.energy.action('flit_hop', ctx.params.energy_per_flit);
  }

  /** Columns of the 2D mesh this router is a node of (0: a lone router). */
  get meshColumns(): number {
    return this.p.mesh_columns;
  }

  /** The mesh's routers, in node order (this router's siblings of its registered type). */
  get meshNodes(): Router[] {
    const siblings = this.parent ? this.parent.children : (this.sim.components as Component[]).filter((c) => !c.parent);
    this.nodes ??= componentsOfType<Router>(siblings, this.type);
    return this.nodes;
  }

  /** This router's node number in the mesh. */
  get meshIndex(): number {
    return this.meshNodes.indexOf(this);
  }

  /** Charges `flits` passing through this router. */
  passFlits(flits: number): void {
    this.flits.charge(flits);
    this.routed.add(flits);
  }

  /** Sends `bytes` over `hops` routers without a mesh: ceil(bits / flit_bits) cycles + hops × hop_latency_cycles. */
  sendHops(bytes: number, hops: number, done: () => void): void {
    const flits = this.flitsOf(bytes);
    this.flits.charge(flits * hops);
    this.routed.add(flits * hops);
    this.channel.book(flits, done, hops * this.p.hop_latency_cycles);
  }

  private flitsOf(bytes: number): number {
    return Math.ceil((bytes * 8) / this.p.flit_bits);
  }

  /** Sends `bytes` to mesh node `to` along the XY route, waiting for busy links; calls `done` when the tail has been ejected. */
  sendTo(bytes: number, to: number, done: () => void): void {
    if (this.p.mesh_columns === 0)
      throw new HelenError('E_OP', `${this.path}: "to" needs a mesh (set mesh_columns); a lone router takes "hops"`);
    const nodes = this.meshNodes;
    if (to >= nodes.length)
      throw new HelenError(
        'E_OP',
        `${this.path}: "to" must name one of the mesh's ${nodes.length} routers (0..${nodes.length - 1}), got ${to}`,
      );
    const flits = this.flitsOf(bytes);
    const route = meshRoute(this.meshIndex, to, this.p.mesh_columns, nodes.length);
    const occupancy = Math.ceil(flits / this.p.link_flits_per_cycle);
    const clock = this.clock;
    let head = clock.cycleAtOrAfter(this.nowPs);
    let waited = 0;
    // Each hop: the head waits for the link, holds it for the transfer's flits, then moves on.
    const book = (node: Router, port: number): void => {
      const start = Math.max(head, node.linkFreeAtCycle[port]!);
      waited += start - head;
      node.linkFreeAtCycle[port] = start + occupancy;
      node.passFlits(flits);
      head = start + node.p.hop_latency_cycles;
    };
    for (const hop of route) book(nodes[hop.from]!, hop.port);
    book(nodes[to]!, 4);
    this.hopCount.add(route.length);
    this.waited.add(waited);
    // The tail leaves the ejection port `occupancy` cycles after the head entered it.
    const end = head + occupancy;
    this.beginBusy();
    this.sim.scheduleAt(clock.cycleToTimePs(end), () => {
      this.endBusy();
      done();
    });
  }

  /** Power with every port moving a flit every cycle, plus leakage. */
  peakPowerMw(): number {
    return this.p.leakage + this.p.ports * this.clock.frequencyHz * this.p.energy_per_flit * 1e-9;
  }
}

/** `interconnect.router`: a node of a 2D mesh, or a lone router crossed `hops` times. */
export const interconnectRouter = defineComponent({
  type: 'interconnect.router',
  description:
    'a 2D-mesh router (XY routing): flits of flit_bits, hop latency, link bandwidth and energy per flit per router',
  params,
  operations: {
    transfer: defineOperation({
      description:
        'send `bytes` to mesh router `to` (XY route; (links + 1) × hop_latency_cycles + ceil(flits / link_flits_per_cycle) uncontended) or, without a mesh, over `hops` routers (ceil(bits / flit_bits) cycles + hops × hop_latency_cycles)',
      args: {
        bytes: param.integer('bytes sent', { min: 1 }),
        to: z.number().int().min(0).optional().meta({
          description: 'mesh node (router index among its siblings) the bytes go to; needs mesh_columns > 0',
          kind: 'integer',
          dimension: 'none',
          unit: '',
        }),
        hops: param.integer('routers crossed when no `to` is given (a lone router)', { default: 1, min: 1 }),
      },
      run: (router: Router, a, done) =>
        a.to === undefined ? router.sendHops(a.bytes, a.hops, done) : router.sendTo(a.bytes, a.to, done),
    }),
  },
  statistics: {
    flits_routed: 'flits that passed through this router (flits)',
    contention_cycles: 'cycles transfers from this router waited for busy links on their path (cycles)',
    link_hops: 'mesh links crossed by transfers sent from this router (hops)',
  },
  create: (ctx) => new Router(ctx),
});
