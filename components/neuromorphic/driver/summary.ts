import { lifPopulation } from '../lif-population.js';
import { spikeInput } from '../spike-input.js';
import { synapseArray } from '../synapse-array.js';

/** The parts of a run report an SNN summary reads (structural, so this needs nothing from api/). */
export interface ReportLike {
  energy_pj: number;
  components: Record<string, { type: string; counters: Record<string, number> }>;
}

/** Spike and synaptic-operation totals of a run, and the energy per synaptic operation. */
export interface SnnSummary {
  spikes_in: number;
  spikes_out: number;
  sops: number;
  /** Whole-chip energy (synapse reads, neuron samples, spikes, leakage) divided by SOPs, pJ. */
  energy_per_sop_pj: number;
}

/** Sums the neuromorphic counters of a report: spikes into inputs, out of populations, SOPs of arrays. */
export function summariseSnn(report: ReportLike): SnnSummary {
  let spikesIn = 0,
    spikesOut = 0,
    sops = 0;
  for (const c of Object.values(report.components)) {
    if (c.type === spikeInput.type) spikesIn += c.counters['spikes_in'] ?? 0;
    if (c.type === lifPopulation.type) spikesOut += c.counters['spikes_out'] ?? 0;
    if (c.type === synapseArray.type) sops += c.counters['sops'] ?? 0;
  }
  return {
    spikes_in: spikesIn,
    spikes_out: spikesOut,
    sops,
    energy_per_sop_pj: sops > 0 ? report.energy_pj / sops : 0,
  };
}
