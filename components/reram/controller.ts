import { z } from 'zod';
import {
  Component,
  HelenError,
  defineComponent,
  acceptsOperations,
  param,
  type CreateContext,
  type Operation,
  componentOptions,
} from '../../core/index.js';
import type { Ima } from './ima.js';
import { chunkPlan, type ChunkStep } from './chunks.js';

const params = z
  .object({
    chunk_vectors: param.integer(
      'input vectors streamed per chunk (1: one eDRAM read, bus transfer and MVM per vector)',
      { default: 16, min: 1 },
    ),
    prefetch_chunks: param.integer(
      'chunks per IMA fetched ahead of the one it computes (input-register double buffering)',
      { default: 2, min: 1 },
    ),
    pipelining: param.enum(
      ['layer', 'none'] as const,
      'layer: a layer starts as soon as the previous layer has produced the inputs it needs (ISAAC); none: layers run one after another',
      { default: 'layer' },
    ),
    buffer: param.string('sibling buffer holding the tile’s inputs and outputs', { default: 'edram' }),
    bus: param.string('sibling bus between the buffer and the IMAs', { default: 'bus' }),
    activation: param.string('sibling activation units ("" for none)', { default: 'sigmoid' }),
    pooling: param.string('sibling pooling units ("" for none)', { default: 'pool' }),
    adder: param.string('sibling digital units doing the element-wise sums of add (residual) layers ("" for none)', {
      default: '',
    }),
    value_bytes: param.integer('bytes of one input or output value in the buffer', { default: 2, min: 1 }),
    area: param.area('area of the controller', { default: 0 }),
    leakage: param.power('static power of the controller', { default: 0 }),
  })
  .strict();

/** Parameters of a tile controller. */
export type ControllerParams = z.infer<typeof params>;

/** A unit of the tile the controller drives through operations (buffer, bus, activation, pooling). */
type Unit = Component;

/** What one unit of the tile does for a layer: an IMA's rectangle of weights, pooling windows, or residual sums. */
export type StreamPart =
  | { kind: 'mvm'; ima: Ima; rows: number; cols: number; vectors: number }
  /** Pooling: each "vector" is one output pixel over `channels`, from window × window inputs each. */
  | { kind: 'pool'; window: number; channels: number; vectors: number }
  /** Residual add: each "vector" is one pixel over `channels`, from two operands (the input and the `from` layer's output). */
  | { kind: 'add'; channels: number; vectors: number };

/** A layer's work on one tile, with the hooks that tie it to the rest of the chip. */
export interface StreamJob {
  layer: string;
  parts: StreamPart[];
  /** Apply the activation units to the outputs. */
  activation: boolean;
  /** Calls `go` once the inputs of the first `fraction` (0..1] of the layer's vectors exist. */
  waitForInputs(fraction: number, go: () => void): void;
  /** Called when part `part` has delivered `done` of its vectors. */
  progress(part: number, done: number): void;
  /** Delivers `bytes` of outputs (local buffer write, or the mesh and a remote buffer), then calls `done`. */
  deliver(bytes: number, done: () => void): void;
  /** Issues an operation to a unit, for the layer's energy and operation accounting. */
  issue(target: Unit, op: Operation, done: () => void): void;
}

/** Per-layer statistics a job accumulates. */
export interface StreamStats {
  /** Cycles an IMA of the job sat idle between its chunks while its inputs were not there yet. */
  stallCycles: number;
  /** Cycles chunks waited for the previous layer's outputs. */
  dependencyCycles: number;
  chunks: number;
}

/**
 * A tile's controller: streams a layer's input vectors from the tile buffer
 * over the bus into the IMAs (which run them bit-serially through their
 * pipelines), and the outputs back over the bus through the activation units to
 * wherever the next layer reads them. Vectors move in chunks; each chunk's first
 * vector is fetched on its own and its last vector's outputs leave on their own,
 * so a chunk starts and ends like a vector stream does and chunked timing equals
 * per-vector timing whenever the IMAs, not the buffer or bus, are the bottleneck.
 * Latency and stalls come from the shared buffer, bus, activation units and the
 * IMAs' pipelines (ADC sharing), never from a formula here.
 */
export class Controller extends Component {
  readonly p: ControllerParams;
  private buffer!: Unit;
  private bus!: Unit;
  private act: Unit | undefined;
  private pool: Unit | undefined;
  private adder: Unit | undefined;
  private readonly stalls = this.stats.counter(
    'stall_cycles',
    'cycles IMAs sat idle mid-layer waiting for their next chunk of inputs',
    'cycles',
  );
  private readonly depStalls = this.stats.counter(
    'dependency_stall_cycles',
    'cycles chunks waited for the previous layer’s outputs',
    'cycles',
  );
  private readonly chunkCount = this.stats.counter('chunks', 'chunks of vectors streamed', 'chunks');
  private readonly vectorCount = this.stats.counter('vectors', 'vectors streamed', 'vectors');

  constructor(ctx: CreateContext<ControllerParams>) {
    super(ctx.parent, ctx.name, componentOptions(ctx));
    this.p = ctx.params;
  }

  override setup(): void {
    const sibling = (name: string, what: string): Unit | undefined => {
      if (name === '') return undefined;
      const c = this.parent?.children.find((s) => s.name === name);
      if (!c || !acceptsOperations(c))
        throw new HelenError('E_PARAM', `${this.path}: no sibling ${what} "${name}" taking operations`);
      return c as Unit;
    };
    this.buffer = sibling(this.p.buffer, 'buffer')!;
    this.bus = sibling(this.p.bus, 'bus')!;
    this.act = sibling(this.p.activation, 'activation unit');
    this.pool = sibling(this.p.pooling, 'pooling unit');
    this.adder = sibling(this.p.adder, 'adder');
  }

  /** The buffer the tile's inputs and outputs live in. */
  get tileBuffer(): Unit {
    return this.buffer;
  }

  /** The bus between the buffer and the IMAs. */
  get tileBus(): Unit {
    return this.bus;
  }

  /** The activation units outputs go through (undefined: none). */
  get activationUnits(): Unit | undefined {
    return this.act;
  }

  /** The digital units that sum add layers' operands (undefined: none). */
  get adderUnits(): Unit | undefined {
    return this.adder;
  }

  /** How layers follow each other: `layer` (pipelined) or `none`. */
  get pipelining(): ControllerParams['pipelining'] {
    return this.p.pipelining;
  }

  /** Cycles of this controller's clock in `ps`. */
  private cycles(ps: number): number {
    return Math.round((ps * this.clock.periodDen) / this.clock.periodNumPs);
  }

  /** Streams `job`; calls `done` when every part has delivered every vector. */
  run(job: StreamJob, stats: StreamStats, done: () => void): void {
    let open = job.parts.length;
    if (open === 0) {
      this.sim.schedule(0, done);
      return;
    }
    const pumps = job.parts.map((part, i) => this.partStream(job, i, part, stats, () => --open === 0 && done()));
    // Round robin: every unit's first chunk is fetched before any unit's second, as the buffer would serve them.
    for (let round = 0; round < this.p.prefetch_chunks; round++) for (const pump of pumps) pump(1);
  }

  /** Sets up the stream of one part; returns its pump (start up to `n` more chunks, within the prefetch limit). */
  private partStream(
    job: StreamJob,
    index: number,
    part: StreamPart,
    stats: StreamStats,
    done: () => void,
  ): (n?: number) => void {
    if (part.kind === 'pool' && !this.pool)
      throw new HelenError('E_WORKLOAD', `${this.path}: layer ${job.layer} pools but the tile has no pooling units`);
    if (part.kind === 'add' && !this.adder)
      throw new HelenError(
        'E_WORKLOAD',
        `${this.path}: layer ${job.layer} adds but the tile has no adder units (the controller's "adder" names none)`,
      );
    const chunks = chunkPlan(part.vectors, this.p.chunk_vectors);
    const vb = this.p.value_bytes;
    const inBytes = streamInValues(part) * vb;
    const outValues = part.kind === 'mvm' ? part.cols : part.channels;
    let next = 0;
    let inFlight = 0;
    let delivered = 0;
    let started = false;
    const pump = (limit = Infinity): void => {
      for (let k = 0; k < limit && inFlight < this.p.prefetch_chunks && next < chunks.length; k++) {
        const c = chunks[next++]!;
        inFlight++;
        const askedAt = this.nowPs;
        job.waitForInputs(c.endFraction, () => {
          const waited = this.cycles(this.nowPs - askedAt);
          stats.dependencyCycles += waited;
          this.depStalls.add(waited);
          this.chunkCount.add(1);
          stats.chunks++;
          startChunk(c.steps, { remaining: c.vectors });
        });
      }
    };
    const finishVectors = (chunk: { remaining: number }, n: number): void => {
      delivered += n;
      chunk.remaining -= n;
      this.vectorCount.add(n);
      job.progress(index, delivered);
      if (chunk.remaining > 0) return;
      inFlight--;
      if (delivered === part.vectors) done();
      else pump();
    };
    // Outputs of `n` vectors: over the bus, through activation, to their consumer.
    const output = (chunk: { remaining: number }, n: number): void => {
      const bytes = n * outValues * vb;
      job.issue(this.bus, { id: `${job.layer}.out`, name: 'transfer', args: { bytes } }, () => {
        const deliver = () => job.deliver(bytes, () => finishVectors(chunk, n));
        if (job.activation && this.act)
          job.issue(this.act, { id: `${job.layer}.act`, name: 'compute', args: { count: n * outValues } }, deliver);
        else deliver();
      });
    };
    const compute = (step: ChunkStep, then: () => void): void => {
      if (part.kind === 'mvm') {
        // An IMA that finished its previous work before these inputs arrived was stalled.
        if (started) {
          const idle = this.nowPs - part.ima.pipelineFreePs;
          if (idle > 0) {
            const c = this.cycles(idle);
            stats.stallCycles += c;
            this.stalls.add(c);
          }
        }
        started = true;
        job.issue(
          part.ima,
          { id: `${job.layer}.mvm`, name: 'mvm', args: { rows: part.rows, cols: part.cols, count: step.vectors } },
          then,
        );
      } else if (part.kind === 'add') {
        job.issue(
          this.adder!,
          { id: `${job.layer}.add`, name: 'compute', args: { count: step.vectors * part.channels } },
          then,
        );
      } else {
        job.issue(
          this.pool!,
          {
            id: `${job.layer}.pool`,
            name: 'compute',
            args: { count: step.vectors * part.window * part.window * part.channels },
          },
          then,
        );
      }
    };
    const fetch = (group: { vectors: number; steps: ChunkStep[] }, chunk: { remaining: number }): void => {
      const bytes = group.vectors * inBytes;
      job.issue(this.buffer, { id: `${job.layer}.in`, name: 'read', args: { bytes } }, () =>
        job.issue(this.bus, { id: `${job.layer}.in`, name: 'transfer', args: { bytes } }, () => {
          for (const s of group.steps) compute(s, () => (s.outputs > 0 ? output(chunk, s.outputs) : undefined));
        }),
      );
    };
    // The first vector's fetch goes now; the rest of the chunk queues behind the other units' first vectors.
    const startChunk = (steps: readonly ChunkStep[], chunk: { remaining: number }): void => {
      const groups = groupByFetch(steps);
      fetch(groups[0]!, chunk);
      if (groups.length > 1) this.sim.schedule(0, () => groups.slice(1).forEach((g) => fetch(g, chunk)));
    };
    return pump;
  }
}

/** Values one vector of a part reads from the buffer: an IMA's rows, a pooling window, or both operands of an add. */
export function streamInValues(part: StreamPart): number {
  if (part.kind === 'mvm') return part.rows;
  if (part.kind === 'pool') return part.window * part.window * part.channels;
  return 2 * part.channels;
}

/** Steps grouped by the fetch that brings their inputs, in order. */
function groupByFetch(steps: readonly ChunkStep[]): { vectors: number; steps: ChunkStep[] }[] {
  const out: { vectors: number; steps: ChunkStep[] }[] = [];
  for (const s of steps) {
    if (s.newFetch || out.length === 0) out.push({ vectors: 0, steps: [] });
    const g = out[out.length - 1]!;
    g.vectors += s.vectors;
    g.steps.push(s);
  }
  return out;
}

/** `reram.controller`: the tile controller the layer drivers stream layers through. */
export const reramController = defineComponent({
  type: 'reram.controller',
  description:
    'tile controller: streams a layer’s vectors buffer → bus → IMAs → bus → activation → next layer, in chunks, counting stalls',
  params,
  statistics: {
    stall_cycles: 'cycles IMAs sat idle mid-layer waiting for their next chunk of inputs (cycles)',
    dependency_stall_cycles: 'cycles chunks waited for the previous layer’s outputs (cycles)',
    chunks: 'chunks of vectors streamed (chunks)',
    vectors: 'vectors streamed (vectors)',
  },
  create: (ctx) => new Controller(ctx),
});
