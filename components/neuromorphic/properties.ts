import { componentsOfType, type Component } from '../../core/index.js';
import {
  defineProperties,
  spikeTrainArbitrary,
  toAerCsv,
  type GeneratedSpike,
  type ObservedRun,
  type StimulusSpec,
} from '../../core/verify/index.js';
import { LifDynamics, type LifConstants, type LifState } from './lif-dynamics.js';
import { denseDrive, type SpikeBatch, type SynapticDrive } from './messages.js';
import { spikeInput, type SpikeInput } from './spike-input.js';

/** Recordings of up to this many spikes over this many ns: a few batches through every layer, quick to simulate and read. */
const MAX_GENERATED_SPIKES = 16;
const MAX_GENERATED_TIME_NS = 40;

/** Relative difference beyond which two sums of the same weights are different sums, not rounding. */
const RELATIVE_TOLERANCE = 1e-9;

/** The spike input a recording drives: the model's (one per model, as the spike reader requires). */
function spikeInputOf(c: Component): SpikeInput | undefined {
  return componentsOfType(c.sim.components, spikeInput)[0];
}

/** Spike recordings for the model's spike input (every neuromorphic check is driven through it). */
const recording: StimulusSpec = {
  extension: '.csv',
  arbitrary: (_p, c) =>
    spikeTrainArbitrary(spikeInputOf(c)?.size ?? 1, {
      maxSpikes: MAX_GENERATED_SPIKES,
      maxTimeNs: MAX_GENERATED_TIME_NS,
    }),
  render: (s) => toAerCsv(s as GeneratedSpike[]),
};

/** neuromorphic.spike_input: every recorded spike enters the chip once. */
export const spikeInputProperties = defineProperties({
  operations: {},
  stimulus: recording,
  checks: [
    {
      name: 'every recorded spike enters once: spikes_in equals the spikes of the recording',
      kind: 'conservation',
      check: (run) => {
        const want = (run.stimulus as GeneratedSpike[]).length;
        const got = run.report.components[run.path]?.counters['spikes_in'];
        return got === want ? undefined : `spikes_in is ${got}; the recording has ${want} spikes`;
      },
    },
  ],
});

/** What passed through a synapse array in a run: each presynaptic batch, the drive its rows imply, and each drive sent. */
interface SynapseLog {
  batches: number[][];
  /** Σ over the batch's rows of the effective weights at the time of the read, per column (mV). */
  implied: number[][];
  sent: number[][];
  linked: boolean;
}

/** Wraps the array's spike handler and its drive output so a check can compare what came in with what went out. */
/** The parts of a synapse array the watch reads and wraps (its spike handler is private to the model). */
interface SynapseHooks {
  readonly cols: number;
  effectiveWeightsMv: Float64Array;
  onSpikes(m: SpikeBatch): void;
  post: { link: unknown; send(d: SynapticDrive): void };
}

function watchSynapses(c: Component): () => SynapseLog {
  const s = c as unknown as SynapseHooks;
  const log: SynapseLog = { batches: [], implied: [], sent: [], linked: s.post.link !== undefined };
  const cols = s.cols;
  const handle = s.onSpikes.bind(s);
  s.onSpikes = (m: SpikeBatch) => {
    const rows = [...m.sources];
    const w = s.effectiveWeightsMv;
    log.batches.push(rows);
    log.implied.push(Array.from({ length: cols }, (_, j) => rows.reduce((a, i) => a + w[i * cols + j]!, 0)));
    handle(m);
  };
  const send = s.post.send.bind(s.post);
  s.post.send = (d: SynapticDrive) => {
    log.sent.push([...denseDrive(d)]);
    send(d);
  };
  return () => log;
}

const close = (a: number, b: number) => Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));

/** The first presynaptic batch whose drive was lost, duplicated or not the sum of its rows, described. */
function firstLostSpike(run: ObservedRun): string | undefined {
  const log = run.watched as SynapseLog;
  const pre = log.batches.reduce((a, b) => a + b.length, 0);
  const counted = run.report.components[run.path]?.counters['pre_spikes'];
  if (counted !== pre) return `pre_spikes is ${counted}; ${pre} presynaptic spikes arrived`;
  if (!log.linked) return undefined;
  if (log.sent.length !== log.batches.length)
    return `${log.batches.length} presynaptic batches arrived, ${log.sent.length} drives were sent`;
  for (let k = 0; k < log.batches.length; k++) {
    const j = log.implied[k]!.findIndex((v, col) => !close(v, log.sent[k]![col]!));
    if (j >= 0)
      return `batch ${k} (rows ${log.batches[k]!.join(', ')}): column ${j} received ${log.sent[k]![j]} mV; the rows' weights sum to ${log.implied[k]![j]} mV`;
  }
  return undefined;
}

/** neuromorphic.synapse_array: every presynaptic spike reaches the postsynaptic population once, through its row's weights. */
export const synapseArrayProperties = defineProperties({
  operations: {},
  stimulus: recording,
  watch: watchSynapses,
  checks: [
    {
      name: 'every presynaptic spike is delivered once: one drive per batch, equal to the sum of its rows’ weights',
      kind: 'conservation',
      check: firstLostSpike,
    },
  ],
});

/** Edges the every-edge reference runs past the last input before it gives up waiting for every neuron to fall silent. */
const MAX_REFERENCE_TAIL_EDGES = 100_000;

/** What a population received and did in a run: the input per edge (summed as it arrived) and the spikes it emitted. */
interface PopulationLog {
  constants: LifConstants;
  size: number;
  /** Edge → input per neuron, mV. */
  inputs: Map<number, Float64Array>;
  spikes: [number, number][];
  /** The bank's anchored state at the end: edge, I, v, r per neuron. */
  final: { anchor: number[]; iMv: number[]; vMv: number[]; rMv: number[] };
}

/** The parts of a population the watch reads and wraps. */
interface PopulationHooks {
  clock: { cycleAtOrAfter(ps: number): number };
  sim: { nowPs: number };
  constants: Readonly<LifConstants>;
  bank: { size: number; anchorCycle: Float64Array; iMv: Float64Array; vMv: Float64Array; rMv: Float64Array };
  receive(m: SynapticDrive): void;
  addSpikeListener(l: (cycle: number, neurons: readonly number[]) => void): void;
}

function watchPopulation(c: Component): () => PopulationLog {
  const p = c as unknown as PopulationHooks;
  const size = p.bank.size;
  const log: PopulationLog = {
    constants: { ...p.constants },
    size,
    inputs: new Map(),
    spikes: [],
    final: { anchor: [], iMv: [], vMv: [], rMv: [] },
  };
  const receive = p.receive.bind(p);
  p.receive = (m: SynapticDrive) => {
    receive(m);
    // Summed in arrival order, skipping zeros, as the circuit's synaptic node accumulates them.
    const edge = p.clock.cycleAtOrAfter(p.sim.nowPs) + m.delayCycles;
    let acc = log.inputs.get(edge);
    if (!acc) log.inputs.set(edge, (acc = new Float64Array(size)));
    const dI = denseDrive(m);
    for (let j = 0; j < size; j++) if (dI[j] !== 0) acc[j]! += dI[j]!;
  };
  p.addSpikeListener((cycle, neurons) => {
    for (const j of neurons) log.spikes.push([cycle, j]);
  });
  return () => {
    const b = p.bank;
    log.final = { anchor: [...b.anchorCycle], iMv: [...b.iMv], vMv: [...b.vMv], rMv: [...b.rMv] };
    return log;
  };
}

/**
 * The population evaluated at every edge: each neuron's state is the closed
 * form (LifDynamics.advance) from its last input or spike, compared with the
 * threshold, then given its input and its spike's effect. Returns the spikes
 * and the final anchored states.
 */
export function everyEdgeReference(log: Pick<PopulationLog, 'constants' | 'size' | 'inputs'>): {
  spikes: [number, number][];
  final: PopulationLog['final'];
} {
  const dyn = new LifDynamics(log.constants);
  const n = log.size;
  const anchor = new Array<number>(n).fill(0);
  const states: LifState[] = Array.from({ length: n }, () => ({ iMv: 0, vMv: 0, rMv: 0 }));
  const spikes: [number, number][] = [];
  const lastInput = Math.max(0, ...log.inputs.keys());
  const s: LifState = { iMv: 0, vMv: 0, rMv: 0 };
  for (let edge = 0; edge <= lastInput + MAX_REFERENCE_TAIL_EDGES; edge++) {
    const input = log.inputs.get(edge);
    let silent = edge > lastInput;
    for (let j = 0; j < n; j++) {
      dyn.advance(states[j]!, edge - anchor[j]!, s);
      const spiked = dyn.fires(s);
      const dI = input ? input[j]! : 0;
      if (spiked) spikes.push([edge, j]);
      if (spiked || dI !== 0) {
        dyn.applyEdge(s, dI, spiked);
        states[j] = { ...s };
        anchor[j] = edge;
      }
      if (silent && (spiked || !dyn.provablySilent(s))) silent = false;
    }
    if (silent) break;
  }
  return {
    spikes,
    final: { anchor, iMv: states.map((x) => x.iMv), vMv: states.map((x) => x.vMv), rMv: states.map((x) => x.rMv) },
  };
}

/** neuromorphic.lif_population: the event-driven model against every-edge evaluation of the closed form. */
export const lifPopulationProperties = defineProperties({
  operations: {},
  stimulus: recording,
  watch: watchPopulation,
  checks: [
    {
      name: 'event-driven equals every-edge: the same spikes at the same edges, and each neuron’s final state equals the closed form from its last input or spike',
      kind: 'functional',
      check: (run) => {
        const log = run.watched as PopulationLog;
        const ref = everyEdgeReference(log);
        const key = (x: [number, number]) => `${x[0]}:${x[1]}`;
        const got = log.spikes.map(key).sort().join(' ');
        const want = ref.spikes.map(key).sort().join(' ');
        if (got !== want) return `spikes (edge:neuron) ${got || 'none'}; evaluated at every edge: ${want || 'none'}`;
        for (const f of ['anchor', 'iMv', 'vMv', 'rMv'] as const) {
          const j = log.final[f].findIndex((v, k) => v !== ref.final[f][k]);
          if (j >= 0)
            return `neuron ${j}: ${f} is ${log.final[f][j]} at the end; every-edge evaluation gives ${ref.final[f][j]}`;
        }
        return undefined;
      },
    },
  ],
});
