import {
  Clock,
  Component,
  HelenError,
  defineComponent,
  type CreateContext,
  type InPort,
  type OutPort,
} from '../../core/index.js';
import type { LifConstants } from './lif-dynamics.js';
import {
  AUTO_CLOCK_DRIVEN_MIN_SIZE,
  lifPopulationParams as params,
  type LifPopulationParams as Params,
} from './lif-params.js';
import { driveWidth, type SpikeBatch, type SynapticDrive } from './messages.js';
import { NEVER, NeuronBank } from './neuron-bank.js';
import { fanPorts } from './fan-ports.js';
import { PendingEdges, type PendingEdge } from './pending-edges.js';

export { MAX_NEURONS } from './lif-params.js';

/**
 * Edges run after every message of their instant (links deliver at priority 0),
 * so an input due at an edge is always in before the comparators sample.
 */
export const EDGE_PRIORITY = 10;

/** A clock-driven window ends after this many edges in a row with few inputs: one noisy edge must not close it, since re-planning every neuron costs a scan each. */
export const CLOCK_DRIVEN_EXIT_EDGES = 2;

/**
 * A population of CMOS LIF neurons with an adaptive threshold, evaluated only
 * at the edges where something can happen: an input arrives, or the closed form
 * says the comparator will fire; while inputs reach many neurons on every edge,
 * every neuron on every edge instead (a clock-driven window), with the same
 * numbers. Spikes leave on `out` as one batch per edge.
 */
export class LifPopulation extends Component {
  readonly in: InPort<SynapticDrive>;
  readonly out: OutPort<SpikeBatch>;
  /** Every output port: `out` first, then `out[1]` … (fanout). */
  readonly outs: OutPort<SpikeBatch>[];
  /** Every input port: `in` first, then `in[1]` … (fanin). */
  readonly ins: InPort<SynapticDrive>[];
  readonly bank: NeuronBank;
  /** Spikes per neuron since the start. */
  readonly spikeCounts: Int32Array;
  /** Every spike as (cycle, neuron), in order, when `recordSpikes` is set (tests, spike dumps). */
  readonly spikeLog: Array<[number, number]> = [];
  recordSpikes = false;
  private readonly spikeListeners: Array<(cycle: number, neurons: readonly number[]) => void> = [];
  private readonly p: Params;
  /** Edges with inputs not yet sampled (all after lastProcessedCycle). */
  private readonly pending: PendingEdges;
  /** Neurons with an input at one edge from which the population goes clock-driven (Infinity: never). */
  private readonly clockDrivenFrom: number;
  /** Whether every neuron is evaluated on every edge (a clock-driven window) rather than only where something happens. */
  private clockDriven = false;
  /** Clock-driven windows opened so far (simulator work, like `evaluations`; not a circuit statistic). */
  clockDrivenWindows = 0;
  /** Edges in a row, in a clock-driven window, with fewer than half of clockDrivenFrom inputs. */
  private quietEdges = 0;
  /** The spiking neurons of the current edge. */
  private readonly spiking: Int32Array;
  private readonly wakeCycle: Float64Array;
  private readonly wakes = new Map<number, number[]>();
  private readonly spareWakeLists: number[][] = [];
  /** Edge at which each neuron was last put on the due list (dedups without sorting a number[]). */
  private readonly dueStamp: Float64Array;
  /** Room for the due list of an edge that needs merging. */
  private readonly due: Int32Array;
  /** The current edge's due list (`due`, or the touched list of its inputs), set by collectDue. */
  private dueList: Int32Array;
  private readonly scheduled = new Set<number>();
  private lastProcessedCycle = -1;
  /** Last edge with an input or a spike: the comparators are charged from edge 0 through it. */
  private lastActiveCycle = -1;
  private readonly spikeEnergy;
  private readonly sampleEnergy;
  private readonly spikesOut = this.stats.counter('spikes_out', 'spikes emitted by the population', 'spikes');
  private readonly inputsIn = this.stats.counter(
    'synaptic_inputs',
    'non-zero synaptic increments received (one per neuron per edge)',
    'inputs',
  );
  private readonly evaluations = this.stats.counter(
    'evaluations',
    'comparator evaluations the simulator performed (event-driven: far fewer than samples)',
    'evaluations',
  );
  private readonly samples = this.stats.counter(
    'comparator_samples',
    'comparator samples the circuit made: size × edges through the last active edge',
    'samples',
  );
  private readonly perNeuron: ReturnType<Component['stats']['counter']>[] = [];
  private readonly tracePaths: string[] = [];

  constructor(ctx: CreateContext<Params>) {
    const p = ctx.params;
    const clock = p.frequency > 0 ? Clock.fromFrequencyHz(`${ctx.name}.clock`, p.frequency) : ctx.clock;
    super(ctx.parent, ctx.name, {
      clock,
      params: p,
      type: ctx.type,
      areaMm2: p.area_per_neuron * p.size,
      leakageMw: p.leakage_per_neuron * p.size,
    });
    if (p.reset === 'hard' && !(p.v_reset_mv < p.v_th_mv)) {
      throw new HelenError(
        'E_VALUE',
        `v_reset_mv (${p.v_reset_mv}) must be below v_th_mv (${p.v_th_mv}), or a hard-reset neuron would fire forever`,
      );
    }
    this.p = p;
    const constants: LifConstants = {
      tauMemPs: p.tau_mem,
      tauSynPs: p.tau_syn,
      tauAdaptPs: p.tau_adapt,
      dtPs: this.clock.periodPs,
      vThMv: p.v_th_mv,
      deltaThetaMv: p.delta_theta_mv,
      reset: p.reset,
      vResetMv: p.v_reset_mv,
    };
    this.bank = new NeuronBank(p.size, constants);
    this.spikeCounts = new Int32Array(p.size);
    this.spiking = new Int32Array(p.size);
    this.pending = new PendingEdges(p.size);
    this.clockDrivenFrom =
      p.clock_driven_inputs > 0
        ? p.clock_driven_inputs
        : p.size >= AUTO_CLOCK_DRIVEN_MIN_SIZE
          ? Math.ceil(p.size / 4)
          : Infinity;
    this.wakeCycle = new Float64Array(p.size).fill(NEVER);
    this.dueStamp = new Float64Array(p.size).fill(-1);
    this.due = new Int32Array(p.size);
    this.dueList = this.due;
    this.spikeEnergy = this.energy.action('spike', p.energy_per_spike);
    this.sampleEnergy = this.energy.action('comparator_sample', p.energy_per_sample);
    if (p.per_neuron_counters)
      for (let j = 0; j < p.size; j++)
        this.perNeuron.push(this.stats.counter(`spikes[${j}]`, `spikes of neuron ${j}`, 'spikes'));
    for (let j = 0; j < Math.min(p.trace_neurons, p.size); j++) {
      const path = `${this.path}.neuron[${j}]`;
      this.tracePaths.push(path);
      this.sim.trace.declare(path, 'v_mem', 'real', { initial: 0 });
    }
    this.ins = fanPorts('in', p.fanin, (name) => this.inPort<SynapticDrive>(name));
    this.outs = fanPorts('out', p.fanout, (name) => this.outPort<SpikeBatch>(name));
    this.in = this.ins[0]!;
    this.out = this.outs[0]!;
    for (const port of this.ins) port.onMessage((m) => this.receive(m));
  }

  /** Calls `listener` at every edge with spikes (neurons ascending); independent of `spikeLog`, which others may drain. */
  addSpikeListener(listener: (cycle: number, neurons: readonly number[]) => void): void {
    this.spikeListeners.push(listener);
  }

  /** Neuron constants as the dynamics use them (dt from the clock). */
  get constants(): Readonly<LifConstants> {
    return this.bank.dyn.c;
  }

  /** Adds a synaptic drive: delivered at the first edge at or after now, plus its delay. */
  receive(m: SynapticDrive): void {
    const width = driveWidth(m);
    if (width !== this.p.size) {
      throw new HelenError(
        'E_MODEL',
        `${this.path}: a synapse array with ${width} columns drives a population of ${this.p.size} neurons`,
      );
    }
    const cycle = this.clock.cycleAtOrAfter(this.sim.nowPs) + m.delayCycles;
    if (cycle <= this.lastProcessedCycle) {
      throw new HelenError(
        'E_MODEL',
        `${this.path}: an input for edge ${cycle} arrived after that edge was sampled; a projection between populations needs delay_cycles ≥ 1`,
      );
    }
    this.pending.add(this.pending.edgeFor(cycle, this.scheduleEdge), m);
    m.release?.();
  }

  private readonly scheduleEdge = (cycle: number): void => {
    if (this.scheduled.has(cycle)) return;
    this.scheduled.add(cycle);
    this.sim.scheduleAt(this.clock.cycleToTimePs(cycle), this.onEdge, cycle, EDGE_PRIORITY);
  };

  private readonly onEdge = (cycle: number): void => {
    this.scheduled.delete(cycle);
    this.lastProcessedCycle = cycle;
    const inputs = this.pending.take(cycle);
    if (this.clockDriven || (inputs !== undefined && inputs.touchedCount >= this.clockDrivenFrom)) {
      this.clockDrivenEdge(cycle, inputs);
      return;
    }
    const woken = this.wakes.get(cycle);
    if (woken) this.wakes.delete(cycle);
    const n = this.collectDue(inputs, woken, cycle);
    if (woken) {
      woken.length = 0;
      this.spareWakeLists.push(woken);
    }
    if (n === 0) {
      if (inputs) this.pending.recycle(inputs);
      return;
    }
    let spikeCount = 0;
    const spiking = this.spiking;
    let nonZeroInputs = 0;
    const bank = this.bank;
    const due = this.dueList;
    const wakeCycle = this.wakeCycle;
    // The earliest edge still waiting for inputs: with dense inputs and one delay, the next
    // edge, which holds an input for nearly every neuron evaluated here.
    const first = this.pending.first;
    const nextEdgeInputs = first !== undefined && first.cycle === cycle + 1 ? first.dIMv : undefined;
    for (let k = 0; k < n; k++) {
      const j = due[k]!;
      const input = inputs ? inputs.dIMv[j]! : 0;
      if (bank.evaluate(j, cycle, input)) spiking[spikeCount++] = j;
      if (input !== 0) nonZeroInputs++;
      // An input already waiting at the very next edge evaluates and re-plans j there: nothing to scan.
      if (nextEdgeInputs !== undefined && nextEdgeInputs[j] !== 0) wakeCycle[j] = NEVER;
      else
        this.plan(j, cycle, first !== undefined && first.dIMv[j] !== 0 ? first.cycle : this.pending.nextInputCycle(j));
    }
    this.inputsIn.add(nonZeroInputs);
    if (inputs || spikeCount > 0) this.lastActiveCycle = cycle;
    if (this.sim.trace.active) this.publish(due.subarray(0, n), cycle);
    if (inputs) this.pending.recycle(inputs);
    this.emit(cycle, spikeCount);
  };

  /**
   * An edge of a clock-driven window: every neuron evaluated in one sweep over
   * the typed arrays, no plans. Evaluating a neuron at a quiet edge changes no
   * number (anchoring), so the spikes are those of the event-driven path. The
   * window goes on edge by edge until CLOCK_DRIVEN_EXIT_EDGES edges in a row
   * bring fewer than half the inputs that opened it; then every neuron is
   * planned from this edge, and the population is event-driven again.
   */
  private clockDrivenEdge(cycle: number, inputs: PendingEdge | undefined): void {
    if (!this.clockDriven) this.enterClockDriven();
    const bank = this.bank;
    const spikeCount = bank.evaluateAll(cycle, inputs?.dIMv, this.spiking);
    this.inputsIn.add(bank.lastInputs);
    if (inputs || spikeCount > 0) this.lastActiveCycle = cycle;
    if (this.sim.trace.active) {
      // Neurons re-anchored here are those with an input or a spike, as the event-driven path would publish.
      for (let j = 0; j < this.tracePaths.length; j++)
        if (bank.anchorCycle[j] === cycle) this.sim.trace.signal(this.tracePaths[j]!, 'v_mem', bank.vMv[j]!);
    }
    const touched = inputs ? inputs.touchedCount : 0;
    if (inputs) this.pending.recycle(inputs);
    this.quietEdges = 2 * touched < this.clockDrivenFrom ? this.quietEdges + 1 : 0;
    if (this.quietEdges < CLOCK_DRIVEN_EXIT_EDGES) this.scheduleEdge(cycle + 1);
    else this.leaveClockDriven(cycle);
    this.emit(cycle, spikeCount);
  }

  /** Forgets every plan: the window evaluates every neuron anyway (kernel events already scheduled find nothing due). */
  private enterClockDriven(): void {
    this.clockDriven = true;
    this.clockDrivenWindows++;
    this.quietEdges = 0;
    for (const list of this.wakes.values()) {
      list.length = 0;
      this.spareWakeLists.push(list);
    }
    this.wakes.clear();
    this.wakeCycle.fill(NEVER);
  }

  /** Plans every neuron from `cycle` (each was evaluated there): the event-driven path takes over at the next edge. */
  private leaveClockDriven(cycle: number): void {
    this.clockDriven = false;
    for (let j = 0; j < this.p.size; j++) this.plan(j, cycle, this.pending.nextInputCycle(j));
  }

  /** The bookkeeping of the `count` neurons in `spiking` that spiked at `cycle`, and their batch to every projection. */
  private emit(cycle: number, count: number): void {
    if (count === 0) return;
    const spiking = this.spiking;
    for (let k = 0; k < count; k++) {
      const j = spiking[k]!;
      this.spikeCounts[j]!++;
      this.perNeuron[j]?.add();
      if (this.recordSpikes) this.spikeLog.push([cycle, j]);
    }
    this.spikesOut.add(count);
    this.spikeEnergy.charge(count);
    const sources = spiking.slice(0, count);
    if (this.spikeListeners.length > 0) {
      const neurons = Array.from(sources);
      for (const l of this.spikeListeners) l(cycle, neurons);
    }
    const batch: SpikeBatch = { sources };
    // One read-only batch for every projection: receivers never modify it.
    for (const port of this.outs) if (port.link) port.send(batch);
  }

  /**
   * Points `dueList` at the neurons to evaluate at `cycle`, ascending, once
   * each: those with inputs and those whose planned spike is still due. Returns
   * how many (the first entries of `dueList`).
   */
  private collectDue(inputs: PendingEdge | undefined, woken: number[] | undefined, cycle: number): number {
    if (inputs && inputs.touchedAscending && !woken) {
      // The common case under dense input: the inputs' own list is the due list.
      this.dueList = inputs.touched;
      return inputs.touchedCount;
    }
    const due = this.due;
    this.dueList = due;
    const stamp = this.dueStamp;
    let n = 0;
    if (inputs) {
      const touched = inputs.touched;
      for (let k = 0; k < inputs.touchedCount; k++) {
        const j = touched[k]!;
        if (stamp[j] === cycle) continue;
        stamp[j] = cycle;
        due[n++] = j;
      }
    }
    if (woken) {
      const wakeCycle = this.wakeCycle;
      for (let k = 0; k < woken.length; k++) {
        const j = woken[k]!;
        if (wakeCycle[j] !== cycle || stamp[j] === cycle) continue;
        stamp[j] = cycle;
        due[n++] = j;
      }
    }
    // Inputs arrive in neuron order and wakes in evaluation order, so the list is often sorted already.
    for (let k = 1; k < n; k++) {
      if (due[k - 1]! > due[k]!) {
        due.subarray(0, n).sort();
        break;
      }
    }
    return n;
  }

  /**
   * Schedules neuron j's next possible spike, if it has one before `inputCycle`,
   * its next input already known: that edge evaluates and re-plans j anyway, so
   * a scan past it would be thrown away. (An input known now is never
   * withdrawn; one that arrives later only adds an evaluation.)
   */
  private plan(j: number, cycle: number, inputCycle: number): void {
    const next = this.bank.nextCrossing(j, cycle, inputCycle);
    this.wakeCycle[j] = next;
    if (next === NEVER) return;
    let list = this.wakes.get(next);
    if (!list) this.wakes.set(next, (list = this.spareWakeLists.pop() ?? []));
    list.push(j);
    this.scheduleEdge(next);
  }

  private publish(who: ArrayLike<number>, cycle: number): void {
    for (let k = 0; k < who.length; k++) {
      const j = who[k]!;
      const path = this.tracePaths[j];
      if (path !== undefined) this.sim.trace.signal(path, 'v_mem', this.bank.stateAt(j, cycle).vMv);
    }
  }

  override finish(): void {
    // The circuit's comparators sample every edge whatever the simulator skipped.
    const edges = this.lastActiveCycle + 1;
    const n = this.p.size * edges - this.samples.value;
    if (n > 0) {
      this.samples.add(n);
      this.sampleEnergy.charge(n);
    }
    this.evaluations.value = this.bank.evaluations;
  }
}

export const lifPopulation = defineComponent({
  type: 'neuromorphic.lif_population',
  description:
    'CMOS leaky integrate-and-fire neurons with a synaptic filter and an adaptive threshold, evaluated event-driven',
  params,
  ports: {
    in: 'synaptic drives from synapse arrays (SynapticDrive); in[1] … with fanin > 1',
    out: 'spike batches, one per edge with spikes (SpikeBatch); the same on out[1] … with fanout > 1',
  },
  statistics: {
    spikes_out: 'spikes emitted by the population (spikes)',
    synaptic_inputs: 'non-zero synaptic increments received, one per neuron per edge (inputs)',
    evaluations: 'comparator evaluations the simulator performed; event-driven, far fewer than samples (evaluations)',
    comparator_samples: 'comparator samples the circuit made: size × edges through the last active edge (samples)',
    'spikes[j]': 'spikes of neuron j, one counter per neuron with per_neuron_counters: true (spikes)',
  },
  create: (ctx) => new LifPopulation(ctx),
});
