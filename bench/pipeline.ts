import { Clock, Component, Simulator, connect, type InPort, type OutPort } from '../core/index.js';

/**
 * How stages pass tokens:
 * - `events`: a stage schedules the next stage's handler one cycle later (the
 *   kernel's event-driven style, like SystemC's `sc_event::notify(1 cycle)`);
 * - `links`: stages are joined by ports and 1-cycle links, paying for credit
 *   flow control and link statistics on every hop.
 */
export type PipelineStyle = 'events' | 'links';

/** Parameters of the clocked-pipeline benchmark (shared/bench/PHOLD.md). */
export interface PipelineConfig {
  stages: number;
  tokens: number;
  period: number;
  style?: PipelineStyle;
}

/** What a pipeline run reports. */
export interface PipelineResult {
  style: PipelineStyle;
  tokens: number;
  cycles: number;
  checksum: number;
  hops: number;
  activations: number;
  events: number;
  wall_s: number;
  events_per_s: number;
  cycles_per_s: number;
  hops_per_s: number;
  max_rss_mb: number;
}

const PERIOD_PS = 1000;

/**
 * The stage transform of the specification: v·0x9E3779B1 + s + 1 (mod 2^32).
 * Tokens travel as int32 (the same bits as the spec's uint32): V8 keeps int32
 * values unboxed, while uint32 values ≥ 2^31 would each allocate a heap number.
 */
function transform(v: number, stageIndex: number): number {
  return (Math.imul(v, 0x9e3779b1) + stageIndex + 1) | 0;
}

/** Folds arriving tokens into the checksum, in arrival (= token) order. */
class Sink extends Component {
  readonly in: InPort<number> = this.inPort<number>('in');
  checksum = 0;
  received = 0;
  lastCycle = 0;
  readonly onToken = (v: number): void => {
    const c = this.sim.nowPs / PERIOD_PS;
    this.checksum = (Math.imul(this.checksum, 31) + v + c) >>> 0;
    this.received++;
    this.lastCycle = c;
  };
}

/** Event style: each stage calls the next one's handler through the scheduler, one cycle later. */
class EventStage extends Component {
  readonly onToken: (v: number) => void;
  constructor(sim: Simulator, clock: Clock, index: number, next: (v: number) => void) {
    super(sim, `stage${index}`, { clock });
    // The handler closes over what it needs, as a hand-written model would, instead of reading fields per token.
    this.onToken = (v) => sim.schedule(PERIOD_PS, next, transform(v, index));
  }
}

/** Link style: each stage forwards over a 1-cycle link from its `out` to the next stage's `in`. */
class LinkStage extends Component {
  readonly in: InPort<number> = this.inPort<number>('in');
  readonly out: OutPort<number> = this.outPort<number>('out');
  constructor(sim: Simulator, clock: Clock, index: number) {
    super(sim, `stage${index}`, { clock });
    this.in.onMessage((v) => this.out.send(transform(v, index)));
  }
}

/** Emits token w (value w) at cycle w·P towards the first stage; one activation per token. */
class Source extends Component {
  private next = 0;
  constructor(
    sim: Simulator,
    clock: Clock,
    private readonly tokens: number,
    private readonly period: number,
    private readonly forward: (v: number) => void,
  ) {
    super(sim, 'source', { clock });
  }
  start(): void {
    if (this.tokens > 0) this.sim.scheduleAt(0, this.emit);
  }
  private readonly emit = (): void => {
    this.forward(this.next++);
    if (this.next < this.tokens) this.sim.schedule(this.period * PERIOD_PS, this.emit);
  };
}

/** Builds and runs the pipeline; stage s handles token w at cycle w·P + s + 1. */
export function runPipeline(config: PipelineConfig): PipelineResult {
  const style = config.style ?? 'events';
  const clock = Clock.fromPeriodPs('clk', PERIOD_PS);
  const sim = new Simulator();
  const sink = new Sink(sim, 'sink', { clock });
  let source: Source;
  if (style === 'events') {
    let next: (v: number) => void = sink.onToken;
    const stages: EventStage[] = [];
    for (let s = config.stages - 1; s >= 0; s--) {
      const stage = new EventStage(sim, clock, s, next);
      stages.push(stage);
      next = stage.onToken;
    }
    const first = next;
    source = new Source(sim, clock, config.tokens, config.period, (v) => sim.schedule(PERIOD_PS, first, v));
  } else {
    const stages = Array.from({ length: config.stages }, (_, s) => new LinkStage(sim, clock, s));
    const sourceOut = new Component(sim, 'source_port', { clock }).outPort<number>('out');
    sink.in.onMessage(sink.onToken);
    const outs = [sourceOut, ...stages.map((s) => s.out)];
    const ins = [...stages.map((s) => s.in), sink.in];
    for (let i = 0; i < outs.length; i++) connect(outs[i]!, ins[i]!, { latencyCycles: 1 });
    source = new Source(sim, clock, config.tokens, config.period, (v) => sourceOut.send(v));
  }
  const t0 = performance.now();
  source.start();
  const run = sim.run();
  const wall = (performance.now() - t0) / 1000;
  const hops = config.tokens * config.stages;
  return {
    style,
    tokens: sink.received,
    cycles: sink.lastCycle,
    checksum: sink.checksum,
    hops,
    activations: config.tokens * (config.stages + 2),
    events: run.events,
    wall_s: wall,
    events_per_s: run.events / wall,
    cycles_per_s: sink.lastCycle / wall,
    hops_per_s: hops / wall,
    max_rss_mb: process.resourceUsage().maxRSS / 1024,
  };
}
