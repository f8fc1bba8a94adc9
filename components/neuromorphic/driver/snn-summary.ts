import { componentsOfType, type Component, type Elaboration } from '../../../core/index.js';
import type { WorkloadMetric, WorkloadSummary, WorkloadTable } from '../../../core/index.js';
import { lifPopulation } from '../lif-population.js';
import { synapseArray } from '../synapse-array.js';
import type { SpikeRasterData } from './raster.js';
import { scoreReport, type WindowScore } from './window-scorer.js';

/** Classes the energy of a spiking run is split into (the list, plus what no class claims). */
export const ENERGY_CLASSES = [
  'synapse reads',
  'synapse writes',
  'neuron samples',
  'spikes',
  'leakage',
  'other',
] as const;
/** One of ENERGY_CLASSES. */
export type EnergyClass = (typeof ENERGY_CLASSES)[number];

/** What the driver measured itself, beside what the model's counters hold. */
export interface SnnRunFacts {
  /** Input address events delivered (after merging repeats of one address at one time). */
  spikesIn: number;
  /** Wall-clock seconds from the driver's start to the summary. */
  wallS: number;
  /** Inferences the workload stands for (a recording is one sample). */
  inferences: number;
  raster: SpikeRasterData;
  /** How the run scored its labelled windows, when the workload has labels. */
  score?: WindowScore;
}

/**
 * Which class an energy action belongs to. Array actions other than a read
 * (programming pulses, STDP updates) are writes; population actions other
 * than a comparator sample or a spike, and non-neuromorphic components, are
 * `other`. The class follows the component's registered type.
 */
export function energyClassOf(component: Component, action: string): EnergyClass {
  if (component.type === synapseArray.type)
    return action === 'synapse_read' || action === 'row_drive' ? 'synapse reads' : 'synapse writes';
  if (component.type === lifPopulation.type)
    return action === 'comparator_sample' ? 'neuron samples' : action === 'spike' ? 'spikes' : 'other';
  return 'other';
}

/** Energy of the whole model by class, pJ (their sum is the run's energy). */
export function energyByClass(model: Elaboration): Record<EnergyClass, number> {
  const out = Object.fromEntries(ENERGY_CLASSES.map((c) => [c, 0])) as Record<EnergyClass, number>;
  const now = model.sim.nowPs;
  for (const c of model.sim.components as Component[]) {
    for (const a of c.energy.actions.values()) out[energyClassOf(c, a.name)] += a.energyPj;
    out.leakage += c.energy.leakagePj(now);
  }
  return out;
}

function counter(c: Component, name: string): number {
  return c.stats.counters.get(name)?.value ?? 0;
}

/**
 * The spiking-network results of a run: spikes in and out, synaptic
 * operations (SOPs), SOPs per second of wall time, energy per SOP and per
 * inference, energy by class, area, per-population and per-projection tables,
 * and the spike raster view.
 */
export function snnWorkloadSummary(model: Elaboration, facts: SnnRunFacts): WorkloadSummary {
  const comps = model.sim.components as Component[];
  const pops = componentsOfType(comps, lifPopulation);
  const arrays = componentsOfType(comps, synapseArray);
  const byClass = energyByClass(model);
  const energyPj = ENERGY_CLASSES.reduce((s, k) => s + byClass[k], 0);
  const areaMm2 = comps.reduce((s, c) => s + c.areaMm2, 0);
  const sops = arrays.reduce((s, a) => s + counter(a, 'sops'), 0);
  const spikesOut = pops.reduce((s, p) => s + counter(p, 'spikes_out'), 0);
  const sinkSpikes = pops
    .filter((p) => [...p.outPorts.values()].every((port) => !port.link))
    .reduce((s, p) => s + counter(p, 'spikes_out'), 0);
  const metric = (name: string, value: number, unit: string, description: string): WorkloadMetric => ({
    name,
    value,
    unit,
    description,
  });
  const metrics = [
    metric('spikes_in', facts.spikesIn, '', 'input address events delivered to the spike input'),
    metric('spikes_out', spikesOut, '', 'spikes emitted by all LIF populations'),
    metric(
      'output_spikes',
      sinkSpikes,
      '',
      'spikes of the output populations (those feeding no projection): what --spikes-out writes',
    ),
    metric('sops', sops, '', 'synaptic operations: presynaptic spikes × existing synapses in their rows'),
    metric(
      'sops_per_wall_s',
      facts.wallS > 0 ? sops / facts.wallS : 0,
      'SOP/s',
      'synaptic operations simulated per second of wall time',
    ),
    metric(
      'energy_per_sop',
      sops > 0 ? energyPj / sops : 0,
      'pJ',
      'energy per synaptic operation, counting synapse reads and writes, row drivers, neuron samples and spikes, and leakage; not spike routing, clock tree or I/O',
    ),
    metric(
      'energy_per_inference',
      energyPj / Math.max(1, facts.inferences),
      'pJ',
      `whole-chip energy per inference (${facts.inferences} in this workload)`,
    ),
    metric(
      'dynamic_energy_per_inference',
      (energyPj - byClass.leakage) / Math.max(1, facts.inferences),
      'pJ',
      'energy per inference without leakage: synapse reads and writes, row drivers, neuron samples and spikes',
    ),
    metric('area', areaMm2, 'mm²', 'area of every component of the model'),
  ];
  const tables: WorkloadTable[] = [
    {
      id: 'snn_energy_by_class',
      title: 'energy by class',
      columns: ['class', 'energy pJ', 'share %', 'pJ/SOP'],
      rows: ENERGY_CLASSES.filter((k) => byClass[k] > 0 || k !== 'other').map((k) => [
        k,
        byClass[k],
        energyPj > 0 ? (100 * byClass[k]) / energyPj : 0,
        sops > 0 ? byClass[k] / sops : 0,
      ]),
    },
    {
      id: 'snn_populations',
      title: 'populations',
      columns: ['population', 'neurons', 'spikes', 'spikes/neuron', 'output'],
      rows: pops.map((p) => {
        const n = p.bank.size;
        const s = counter(p, 'spikes_out');
        return [p.path, n, s, s / n, [...p.outPorts.values()].every((port) => !port.link) ? 'yes' : 'no'];
      }),
    },
    {
      id: 'snn_projections',
      title: 'projections',
      columns: ['projection', 'rows', 'cols', 'synapses', 'pre spikes', 'SOPs'],
      rows: arrays.map((a) => [
        a.path,
        a.targetWeightsMv.length / a.cols,
        a.cols,
        a.connected.reduce((s, v) => s + v, 0),
        counter(a, 'pre_spikes'),
        counter(a, 'sops'),
      ]),
    },
  ];
  if (facts.score) {
    const scored = scoreReport(facts.score, { spikesIn: facts.spikesIn, spikesOut, sops });
    metrics.push(...scored.metrics);
    tables.push(scored.table);
  }
  return { metrics, tables, views: { spike_raster: facts.raster } };
}
