import type { Component } from '../../core/index.js';
import { defineProperties, spikeTrainArbitrary, toAerCsv, type GeneratedSpike, type ObservedRun, type StimulusSpec } from '../../core/verify/index.js';
import type { SpikeBatch, SynapticDrive } from './messages.js';

/** Recordings of up to this many spikes over this many ns: a few batches through every layer, quick to simulate and read. */
const MAX_GENERATED_SPIKES = 16;
const MAX_GENERATED_TIME_NS = 40;

/** Relative difference beyond which two sums of the same weights are different sums, not rounding. */
const RELATIVE_TOLERANCE = 1e-9;

/** The spike input a recording drives: the model's (one per model, as the spike reader requires). */
function spikeInputOf(c: Component): Component | undefined {
  return (c.sim.components as Component[]).find((x) => x.type === 'neuromorphic.spike_input');
}

/** Spike recordings for the model's spike input (every neuromorphic check is driven through it). */
const recording: StimulusSpec = {
  extension: '.csv',
  arbitrary: (_p, c) => spikeTrainArbitrary(Number(spikeInputOf(c)?.params['size'] ?? 1), { maxSpikes: MAX_GENERATED_SPIKES, maxTimeNs: MAX_GENERATED_TIME_NS }),
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
  params: Readonly<Record<string, unknown>>;
  effectiveWeightsMv: Float64Array;
  onSpikes(m: SpikeBatch): void;
  post: { link: unknown; send(d: SynapticDrive): void };
}

function watchSynapses(c: Component): () => SynapseLog {
  const s = c as unknown as SynapseHooks;
  const log: SynapseLog = { batches: [], implied: [], sent: [], linked: s.post.link !== undefined };
  const cols = Number(s.params['cols']);
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
    log.sent.push([...d.dIMv]);
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
  if (log.sent.length !== log.batches.length) return `${log.batches.length} presynaptic batches arrived, ${log.sent.length} drives were sent`;
  for (let k = 0; k < log.batches.length; k++) {
    const j = log.implied[k]!.findIndex((v, col) => !close(v, log.sent[k]![col]!));
    if (j >= 0) return `batch ${k} (rows ${log.batches[k]!.join(', ')}): column ${j} received ${log.sent[k]![j]} mV; the rows' weights sum to ${log.implied[k]![j]} mV`;
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
