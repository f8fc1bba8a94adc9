import { Clock, Component, Simulator, connect, type InPort, type OutPort } from '../core/index.js';

/** Parameters of the clocked-pipeline benchmark (shared/bench/PHOLD.md). */
export interface PipelineConfig {
  stages: number;
  tokens: number;
  period: number;
}

/** What a pipeline run reports. */
export interface PipelineResult {
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

/** Emits token w (value w) at cycle w·P; one activation per token. */
class Source extends Component {
  readonly out: OutPort<number> = this.outPort<number>('out');
  private next = 0;
  constructor(
    sim: Simulator,
    clock: Clock,
    private readonly tokens: number,
    private readonly period: number,
  ) {
    super(sim, 'source', { clock });
  }
  start(): void {
    if (this.tokens > 0) this.sim.scheduleAt(0, this.emit);
  }
  private readonly emit = (): void => {
    this.out.send(this.next++);
    if (this.next < this.tokens) this.sim.schedule(this.period * PERIOD_PS, this.emit);
  };
}

/** One pipeline stage: transforms each token as it arrives and forwards it (1-cycle link). */
class Stage extends Component {
  readonly in: InPort<number> = this.inPort<number>('in');
  readonly out: OutPort<number> = this.outPort<number>('out');
  constructor(sim: Simulator, clock: Clock, index: number) {
    super(sim, `stage${index}`, { clock });
    const add = index + 1;
    this.in.onMessage((v) => this.out.send((Math.imul(v, 0x9e3779b1) + add) >>> 0));
  }
}

/** Folds arriving tokens into the checksum, in arrival (= token) order. */
class Sink extends Component {
  readonly in: InPort<number> = this.inPort<number>('in');
  checksum = 0;
  received = 0;
  lastCycle = 0;
  constructor(sim: Simulator, clock: Clock) {
    super(sim, 'sink', { clock });
    this.in.onMessage((v) => {
      const c = this.sim.nowPs / PERIOD_PS;
      this.checksum = (Math.imul(this.checksum, 31) + v + c) >>> 0;
      this.received++;
      this.lastCycle = c;
    });
  }
}

/** Runs the event-driven pipeline: components joined by 1-cycle links. */
export function runPipeline(config: PipelineConfig): PipelineResult {
  const clock = Clock.fromPeriodPs('clk', PERIOD_PS);
  const sim = new Simulator();
  const source = new Source(sim, clock, config.tokens, config.period);
  const stages: Stage[] = [];
  for (let s = 0; s < config.stages; s++) stages.push(new Stage(sim, clock, s));
  const sink = new Sink(sim, clock);
  const chain: { out?: OutPort<number>; in?: InPort<number> }[] = [source, ...stages, sink];
  for (let i = 0; i + 1 < chain.length; i++) connect(chain[i]!.out!, chain[i + 1]!.in!, { latencyCycles: 1 });
  const t0 = performance.now();
  source.start();
  const run = sim.run();
  const wall = (performance.now() - t0) / 1000;
  const hops = config.tokens * config.stages;
  return {
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
