// Temporal pattern association demo (issue 6): input pattern A must evoke target pattern B.
//   npm run build && node dist/bench/snn-temporal-demo.js            # simulate and print van Rossum distances
//   node dist/bench/snn-temporal-demo.js --train [--epochs N]        # redraw the pattern, retrain, rewrite the files
//   node dist/bench/snn-temporal-demo.js --patterns N [--epochs N]   # train every variant on N more patterns, print distances
// Every distance comes from runSimulation, i.e. exactly what `helen run architectures/snn-temporal.yaml
// workloads/examples/snn-temporal-input.csv --set snn.output.reset=hard --set snn.w.weights_file=…` simulates.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runSimulation } from '../api/run.js';
import { Rng, type Component } from '../core/index.js';
import { layerHardware } from './snn-layer-hardware.js';
import {
  drawPattern,
  aerCsvToEdges,
  edgesToAerCsv,
  trainAssociation,
  vanRossumPopulation,
  type LifPopulation,
  type PatternSpec,
} from '../components/neuromorphic/index.js';
import { useNodeFileSystem } from '../api/node-file-system.js';

// A script run with node, not through api/index.js or the CLI: Helen reads files through Node's file system.
useNodeFileSystem();

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const ARCH = join(root, 'architectures/snn-temporal.yaml');
const INPUT = join(root, 'workloads/examples/snn-temporal-input.csv');
const TARGET = join(root, 'workloads/examples/snn-temporal-target.csv');
const weightsFile = (variant: string) => join(root, `architectures/parts/snn-temporal-weights-${variant}.json`);

/** The task: 20 channels × 3 spikes in the first 120 ns; 4 neurons × 8 target spikes in 15–120 ns, ≥ 3 ns apart. */
const PATTERN: PatternSpec = {
  inputs: 20,
  outputs: 4,
  inputWindowEdges: 120,
  spikesPerInput: 3,
  targetFromEdges: 15,
  targetToEdges: 120,
  spikesPerOutput: 8,
  minGapEdges: 3,
  seed: 6,
};
/** Edges the trainer simulates: past the last target spike, so late extra spikes are penalised too. */
const EDGES = 160;
/** Van Rossum τ of the loss and of the reported distance, in edges (ns). */
const TAU_VR_EDGES = 5;
/** Training restarts from this many seeded initialisations per variant; the best is kept. */
const RESTARTS = 3;

/** Neuron variants compared: the architecture's own (adaptive), hard reset, and a plain hard-reset LIF (no threshold step). */
const VARIANTS: ReadonlyArray<{ name: string; set: Array<[string, string]> }> = [
  { name: 'adaptive', set: [['snn.output.reset', 'adaptive']] },
  { name: 'hard', set: [['snn.output.reset', 'hard']] },
  {
    name: 'hard-plain',
    set: [
      ['snn.output.reset', 'hard'],
      ['snn.output.delta_theta_mv', '0'],
    ],
  },
];

/** The constants a variant's neurons and array have, read from the elaborated architecture (one source of truth). */
function hardware(set: Array<[string, string]>) {
  const hw = layerHardware(ARCH, 'snn.output', 'snn.w', set);
  if (hw.outputs !== PATTERN.outputs || hw.inputs !== PATTERN.inputs)
    throw new Error(
      `${ARCH} has ${hw.inputs} inputs and ${hw.outputs} neurons; the pattern ${PATTERN.inputs} and ${PATTERN.outputs}`,
    );
  return hw;
}

function train(epochs: number): void {
  const pattern = drawPattern(PATTERN);
  const dtPs = hardware([]).constants.dtPs;
  const p = PATTERN;
  writeFileSync(
    INPUT,
    edgesToAerCsv(
      pattern.inputEdges,
      dtPs,
      `pattern A of the temporal association demo (seed ${p.seed}): ${p.inputs} channels × ${p.spikesPerInput} spikes in ${p.inputWindowEdges} ns`,
    ),
  );
  writeFileSync(
    TARGET,
    edgesToAerCsv(
      pattern.targetEdges,
      dtPs,
      `target pattern B (seed ${p.seed}): ${p.outputs} neurons × ${p.spikesPerOutput} spikes; an input at edge e reaches the neurons at e + delay_cycles`,
    ),
  );
  for (const v of VARIANTS) {
    const hw = hardware(v.set);
    const inputEdges = pattern.inputEdges.map((es) => es.map((e) => e + hw.delay));
    const t0 = performance.now();
    let best: ReturnType<typeof trainAssociation> | undefined;
    for (let r = 0; r < RESTARTS; r++) {
      const rng = new Rng(p.seed * 1000 + r);
      const initialMv = Float64Array.from({ length: p.inputs * p.outputs }, () => rng.nextGaussian(1, 2));
      const result = trainAssociation(
        { shape: { inputs: p.inputs, outputs: p.outputs, edges: EDGES }, inputEdges, targetEdges: pattern.targetEdges },
        hw,
        { epochs, learningRateMv: 0.1, tauVrEdges: TAU_VR_EDGES, surrogateBetaPerMv: 0.5, initialMv },
      );
      if (!best || result.bestDistance < best.bestDistance) best = result;
    }
    const rows = Array.from({ length: p.inputs }, (_, i) =>
      Array.from(best!.weightsMv.subarray(i * p.outputs, (i + 1) * p.outputs)),
    );
    const doc = {
      note: `trained for ${v.set.map(([k, x]) => `${k}=${x}`).join(', ')} by bench/snn-temporal-demo.ts --train: surrogate gradient, ${epochs} epochs, best of ${RESTARTS} initialisations (epoch ${best!.bestEpoch}); target weights in mV, one row per input channel`,
      trainer_distance: best!.bestDistance,
      weights: rows,
    };
    // One row per line: readable, and a bad row is reported at its own line.
    const body = rows.map((r) => ` ${JSON.stringify(r)}`).join(',\n');
    writeFileSync(
      weightsFile(v.name),
      `{"note": ${JSON.stringify(doc.note)},\n "trainer_distance": ${doc.trainer_distance},\n "weights": [\n${body}\n ]}\n`,
    );
    console.log(
      `trained ${v.name}: van Rossum distance ${best!.distanceHistory[0]!.toFixed(4)} → ${best!.bestDistance.toFixed(4)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
}

/** Runs the architecture as `helen run` does and returns the output spike edges per neuron. */
function simulate(set: Array<[string, string]>, weightsVariant: string): number[][] {
  const edges: number[][] = Array.from({ length: PATTERN.outputs }, () => []);
  runSimulation({
    architecture: ARCH,
    workload: INPUT,
    overrides: new Map([...set, ['snn.w.weights_file', weightsFile(weightsVariant)]]),
    onModel: (m) => {
      const pop = (m.sim.components as Component[]).find((c) => c.path === 'snn.output') as LifPopulation;
      pop.addSpikeListener((cycle, neurons) => neurons.forEach((j) => edges[j]!.push(cycle)));
    },
  });
  return edges;
}

/**
 * Trains every variant on `count` further patterns (seeds 1 … count) and prints the trainer's distances:
 * one pattern says little, and the trainer's forward pass is the simulator's model bit for bit (tested).
 */
function sweep(count: number, epochs: number): void {
  console.log(
    `pattern seed  ${VARIANTS.map((v) => v.name.padEnd(11)).join(' ')}  (van Rossum distance after training; silent output)`,
  );
  const sums = VARIANTS.map(() => 0);
  let wins = 0;
  for (let seed = 1; seed <= count; seed++) {
    const pattern = drawPattern({ ...PATTERN, seed });
    const row = VARIANTS.map((v) => {
      const hw = hardware(v.set);
      const inputEdges = pattern.inputEdges.map((es) => es.map((e) => e + hw.delay));
      let best = Infinity;
      for (let r = 0; r < RESTARTS; r++) {
        const rng = new Rng(seed * 1000 + r);
        const initialMv = Float64Array.from({ length: PATTERN.inputs * PATTERN.outputs }, () => rng.nextGaussian(1, 2));
        const shape = { inputs: PATTERN.inputs, outputs: PATTERN.outputs, edges: EDGES };
        best = Math.min(
          best,
          trainAssociation({ shape, inputEdges, targetEdges: pattern.targetEdges }, hw, {
            epochs,
            learningRateMv: 0.1,
            tauVrEdges: TAU_VR_EDGES,
            surrogateBetaPerMv: 0.5,
            initialMv,
          }).bestDistance,
        );
      }
      return best;
    });
    row.forEach((x, k) => (sums[k]! += x));
    if (row[0]! < row[1]!) wins++;
    console.log(
      `${String(seed).padEnd(13)} ${row.map((x) => x.toFixed(4).padEnd(11)).join(' ')}  ${vanRossumPopulation([], pattern.targetEdges, TAU_VR_EDGES).toFixed(4)}`,
    );
  }
  console.log(`mean          ${sums.map((x) => (x / count).toFixed(4).padEnd(11)).join(' ')}`);
  console.log(`adaptive closer than hard on ${wins} of ${count} patterns`);
}

const verdict = (a: number, h: number): string =>
  a < h
    ? `adaptive is closer by ${(h - a).toFixed(4)} (${((1 - a / h) * 100).toFixed(1)} % lower)`
    : a > h
      ? `hard is closer by ${(a - h).toFixed(4)} (${((1 - h / a) * 100).toFixed(1)} % lower)`
      : 'a tie';

const { values } = parseArgs({
  options: {
    train: { type: 'boolean', default: false },
    epochs: { type: 'string', default: '3000' },
    patterns: { type: 'string' },
  },
});
if (values.patterns !== undefined) {
  sweep(Number(values.patterns), Number(values.epochs));
  process.exit(0);
}
if (values.train) train(Number(values.epochs));

const target = aerCsvToEdges(readFileSync(TARGET, 'utf8'), PATTERN.outputs, hardware([]).constants.dtPs);
console.log(
  `temporal pattern association: ${PATTERN.inputs} inputs → ${PATTERN.outputs} neurons, ${target.flat().length} target spikes; van Rossum τ = ${TAU_VR_EDGES} ns`,
);
console.log(`reference: a silent output is at distance ${vanRossumPopulation([], target, TAU_VR_EDGES).toFixed(4)}`);
console.log('weights trained for   run as         output spikes   van Rossum distance');
const d: Record<string, number> = {};
const runs: Array<[string, string]> = [
  ['adaptive', 'adaptive'],
  ['adaptive', 'hard'],
  ['hard', 'hard'],
  ['hard', 'adaptive'],
  ['hard-plain', 'hard-plain'],
];
for (const [weights, run] of runs) {
  const out = simulate(VARIANTS.find((v) => v.name === run)!.set, weights);
  d[`${weights}/${run}`] = vanRossumPopulation(out, target, TAU_VR_EDGES);
  console.log(
    `${weights.padEnd(21)} ${run.padEnd(14)} ${String(out.flat().length).padEnd(15)} ${d[`${weights}/${run}`]!.toFixed(4)}`,
  );
}
console.log(
  `same weights (trained for adaptive), reset toggled with --set: ${verdict(d['adaptive/adaptive']!, d['adaptive/hard']!)}`,
);
console.log(`each reset with weights trained for it: ${verdict(d['adaptive/adaptive']!, d['hard/hard']!)}`);
console.log(
  `against a plain hard-reset LIF (delta_theta_mv 0), each trained: ${verdict(d['adaptive/adaptive']!, d['hard-plain/hard-plain']!)}`,
);
