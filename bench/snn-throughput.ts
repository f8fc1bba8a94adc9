import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulation } from '../api/run.js';
import type { Component, Elaboration } from '../core/index.js';
import { LifPopulation, NeuronBank, SpikeTap, SynapseArray } from '../components/neuromorphic/index.js';
import { GeneratorSource, readGeneratorSpec } from '../workloads/spikes/index.js';
import { useNodeFileSystem } from '../api/node-file-system.js';

// A script run with node, not through api/index.js or the CLI: Helen reads files through Node's file system.
useNodeFileSystem();

/**
 * The SNN throughput benchmark (issue 6): a population of LIF neurons fed by
 * Poisson inputs through one memristor crossbar, run event-driven through the
 * whole stack (YAML, elaboration, workload driver, kernel, components), then
 * by a clock-driven loop over the same programmed network and the same input
 * spikes that evaluates every neuron on every edge. Both must produce the
 * same spikes, spike for spike.
 */
export interface SnnThroughputConfig {
  /** Poisson inputs (crossbar rows). */
  inputs: number;
  /** LIF neurons (crossbar columns). */
  neurons: number;
  /** Fraction of row–column synapses that exist. */
  pConnect: number;
  /** Poisson rate per input, Hz. */
  rateHz: number;
  /** Input duration, ps. */
  durationPs: number;
  /** Input spike times are rounded to this grid, ps (the comparator clock is 1 ns). */
  resolutionPs: number;
  /** Mean and spread of the seeded target weights, mV of ΔI per input spike. */
  weightMeanMv: number;
  weightStdMv: number;
  seed: number;
}

/**
 * The headline network: 100 Poisson inputs fully connected to 1000 neurons
 * (100 000 synapses), inputs at 20 MHz on a 10 ns grid (every tenth
 * comparator edge, as a recording binned coarser than the neuron clock).
 */
export const DEFAULT_SNN_BENCH: SnnThroughputConfig = {
  inputs: 100,
  neurons: 1000,
  pConnect: 1,
  rateHz: 20e6,
  durationPs: 10e6,
  resolutionPs: 10_000,
  weightMeanMv: 0.5,
  weightStdMv: 2,
  seed: 1,
};

/** The same network with inputs on every 1 ns edge: the worst case for event-driven evaluation. */
export const FINE_GRID_SNN_BENCH: SnnThroughputConfig = {
  ...DEFAULT_SNN_BENCH,
  rateHz: 50e6,
  durationPs: 3e6,
  resolutionPs: 1000,
  weightMeanMv: 0.5,
  weightStdMv: 1,
};

/** What one run of both strategies gives. */
export interface SnnThroughputResult {
  synapses: number;
  input_spikes: number;
  output_spikes: number;
  sops: number;
  edges: number;
  /** Wall and CPU seconds of each strategy; SOP/s of CPU time is what wall time gives on an idle machine. */
  event_driven: { wall_s: number; cpu_s: number; sops_per_s: number; sops_per_cpu_s: number; evaluations: number };
  clock_driven: { wall_s: number; cpu_s: number; sops_per_s: number; sops_per_cpu_s: number; evaluations: number };
  /** Whether both strategies produced the same spikes (same edges, same neurons, same order). */
  identical: boolean;
}

function architecture(c: SnnThroughputConfig): string {
  return `name: snn-bench
clock: 1GHz
components:
  snn:
    type: generic.group
    children:
      input: { type: neuromorphic.spike_input, params: { size: ${c.inputs} } }
      w:
        type: neuromorphic.synapse_array
        params: { rows: ${c.inputs}, cols: ${c.neurons}, p_connect: ${c.pConnect}, c_syn_ff: 10, weight_mean_mv: ${c.weightMeanMv}, weight_std_mv: ${c.weightStdMv}, variation: 0.02, delay_cycles: 1, energy_per_sop: 10fJ }
      pop:
        type: neuromorphic.lif_population
        params: { size: ${c.neurons}, tau_mem: 20ns, tau_syn: 5ns, tau_adapt: 100ns, v_th_mv: 10, delta_theta_mv: 5, energy_per_sample: 5fJ, energy_per_spike: 50fJ, trace_neurons: 0 }
    connections:
      - { from: input.out, to: w.pre }
      - { from: w.post, to: pop.in }
`;
}

/** Spikes as (edge, neuron) pairs flattened: [e0, j0, e1, j1, …]. */
type SpikeList = number[];

/**
 * Every neuron on every edge from 0 to `lastEdge`, with the population's own
 * NeuronBank (so the arithmetic is the same closed form) and inputs summed in
 * the order the model sums them: per batch over its sources in ascending
 * order, then batches in time order.
 */
function clockDriven(
  model: Elaboration,
  inputFile: string,
  lastEdge: number,
): { spikes: SpikeList; wallS: number; cpuS: number; evaluations: number } {
  const comps = model.sim.components as Component[];
  const pop = comps.find((c): c is LifPopulation => c instanceof LifPopulation)!;
  const w = comps.find((c): c is SynapseArray => c instanceof SynapseArray)!;
  const n = pop.bank.size;
  const cols = n;
  const delay = w.params['delay_cycles'] as number;
  const spec = readGeneratorSpec(inputFile, w.connected.length / cols, 'input');
  // The input spikes grouped by time stamp (a batch each), as the driver groups them.
  const batches: { edge: number; timePs: number; sources: number[] }[] = [];
  const src = new GeneratorSource(spec, model.sim.seed, inputFile);
  for (let e = src.next(); e; e = src.next()) {
    const last = batches[batches.length - 1];
    const edge = pop.clock.cycleAtOrAfter(e.timePs) + delay;
    if (last && last.edge === edge && last.timePs === e.timePs) last.sources.push(e.address);
    else batches.push({ edge, timePs: e.timePs, sources: [e.address] });
  }
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const bank = new NeuronBank(n, pop.constants);
  const weights = w.effectiveWeightsMv;
  const acc = new Float64Array(n);
  const batchSum = new Float64Array(n);
  const spikes: SpikeList = [];
  let b = 0;
  for (let edge = 0; edge <= lastEdge; edge++) {
    acc.fill(0);
    while (b < batches.length && batches[b]!.edge === edge) {
      batchSum.fill(0);
      const sources = [...new Set(batches[b]!.sources)].sort((x, y) => x - y);
      for (const i of sources) {
        const base = i * cols;
        for (let j = 0; j < cols; j++) batchSum[j]! += weights[base + j]!;
      }
      for (let j = 0; j < cols; j++) if (batchSum[j] !== 0) acc[j]! += batchSum[j]!;
      b++;
    }
    for (let j = 0; j < n; j++) if (bank.evaluate(j, edge, acc[j]!)) spikes.push(edge, j);
  }
  return { spikes, wallS: (performance.now() - t0) / 1000, cpuS: cpuSince(cpu0), evaluations: bank.evaluations };
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

/** Runs the network both ways once. */
export function runSnnThroughput(config: SnnThroughputConfig = DEFAULT_SNN_BENCH): SnnThroughputResult {
  const dir = mkdtempSync(join(tmpdir(), 'helen-snn-bench-'));
  try {
    const arch = join(dir, 'snn-bench.yaml');
    const input = join(dir, 'poisson.yaml');
    writeFileSync(arch, architecture(config));
    writeFileSync(
      input,
      `generator: poisson\nrate: ${config.rateHz}\nduration: ${config.durationPs}\nresolution: ${config.resolutionPs}\nseed: ${config.seed}\n`,
    );
    let model: Elaboration | undefined;
    let cpu0: NodeJS.CpuUsage | undefined;
    const eventSpikes: SpikeList = [];
    const report = runSimulation({
      architecture: arch,
      workload: input,
      seed: config.seed,
      onModel: (m) => {
        model = m;
        cpu0 = process.cpuUsage();
        const tap = SpikeTap.of(m);
        const period = tap.populations[0]!.clock.periodPs;
        tap.subscribe((batch) => {
          for (const s of batch) eventSpikes.push(s.timePs / period, s.neuron);
        });
      },
    });
    const eventCpuS = cpuSince(cpu0!);
    const m = model!;
    const pop = (m.sim.components as Component[]).find((c): c is LifPopulation => c instanceof LifPopulation)!;
    const w = (m.sim.components as Component[]).find((c): c is SynapseArray => c instanceof SynapseArray)!;
    const sops = w.stats.counters.get('sops')!.value;
    // A margin past the last event-driven activity: a spike the event-driven run missed would show up there.
    const lastEdge = pop.clock.cycleAtOrAfter(m.sim.nowPs) + 200;
    const ref = clockDriven(m, input, lastEdge);
    const identical = ref.spikes.length === eventSpikes.length && ref.spikes.every((v, k) => v === eventSpikes[k]);
    return {
      synapses: w.connected.reduce((s, v) => s + v, 0),
      input_spikes: report.components['snn.input']!.counters['spikes_in']!,
      output_spikes: eventSpikes.length / 2,
      sops,
      edges: lastEdge + 1,
      event_driven: {
        wall_s: report.wall_s,
        cpu_s: eventCpuS,
        sops_per_s: sops / report.wall_s,
        sops_per_cpu_s: sops / eventCpuS,
        evaluations: pop.bank.evaluations,
      },
      clock_driven: {
        wall_s: ref.wallS,
        cpu_s: ref.cpuS,
        sops_per_s: sops / ref.wallS,
        sops_per_cpu_s: sops / ref.cpuS,
        evaluations: ref.evaluations,
      },
      identical,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function describe(name: string, c: SnnThroughputConfig, results: SnnThroughputResult[]) {
  const r0 = results[0]!;
  return {
    scenario: name,
    network: `${c.inputs} Poisson inputs at ${c.rateHz / 1e6} MHz on a ${c.resolutionPs / 1000} ns grid × ${c.neurons} LIF neurons (1 GHz comparators), p_connect ${c.pConnect}, weights ${c.weightMeanMv} ± ${c.weightStdMv} mV`,
    synapses: r0.synapses,
    input_spikes: r0.input_spikes,
    output_spikes: r0.output_spikes,
    sops: r0.sops,
    edges: r0.edges,
    runs: results.length,
    event_driven_sops_per_s_median: Math.round(median(results.map((r) => r.event_driven.sops_per_s))),
    event_driven_sops_per_s_all: results.map((r) => Math.round(r.event_driven.sops_per_s)),
    clock_driven_sops_per_s_median: Math.round(median(results.map((r) => r.clock_driven.sops_per_s))),
    clock_driven_sops_per_s_all: results.map((r) => Math.round(r.clock_driven.sops_per_s)),
    event_driven_sops_per_cpu_s_median: Math.round(median(results.map((r) => r.event_driven.sops_per_cpu_s))),
    clock_driven_sops_per_cpu_s_median: Math.round(median(results.map((r) => r.clock_driven.sops_per_cpu_s))),
    load_average_1min: os.loadavg()[0],
    evaluations: { event_driven: r0.event_driven.evaluations, clock_driven: r0.clock_driven.evaluations },
    identical: results.every((r) => r.identical),
  };
}

/** `node dist/bench/snn-throughput.js [RUNS]`: medians of RUNS runs (default 5) of both scenarios, as JSON. */
export function main(runs = 5): void {
  const scenarios: [string, SnnThroughputConfig][] = [
    ['binned-10ns', DEFAULT_SNN_BENCH],
    ['fine-1ns', FINE_GRID_SNN_BENCH],
  ];
  const out = scenarios.map(([name, c]) =>
    describe(
      name,
      c,
      Array.from({ length: runs }, () => runSnnThroughput(c)),
    ),
  );
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  if (!out.every((o) => o.identical)) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href)
  main(process.argv[2] ? Number(process.argv[2]) : 5);
