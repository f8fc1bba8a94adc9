// A trained spiking classifier of real MNIST digits on memristor synapses (architectures/snn-mnist.yaml).
//   npx tsc -p tsconfig.build.json && node dist/bench/snn-mnist.js --train     # retrain both variants, rewrite the weights
//   node dist/bench/snn-mnist.js [--workload FILE]                              # float models, then the simulator's runs
//   node dist/bench/snn-mnist.js --chart sweep-results/snn-mnist-levels-variation/results.csv   # the sweep's SVG
// Every SNN figure printed here comes from runSimulation, i.e. exactly what `helen run architectures/snn-mnist.yaml
// workloads/examples/mnist-test-spikes.yaml [--set …]` reports.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runSimulation } from '../api/run.js';
import { Rng } from '../core/index.js';
import {
  realisedWeights,
  runLayerActive,
  spikeCounts,
  strictlyMost,
  trainClassifier,
} from '../components/neuromorphic/index.js';
import { NeuronBank } from '../components/neuromorphic/index.js';
import {
  digitStream,
  loadMnist,
  MNIST_PIXELS,
  parseMnistPresentation,
  rateCodeSlots,
  type MnistDigit,
  type MnistPresentation,
} from '../workloads/mnist/index.js';
import { layerHardware, type LayerHardware } from './snn-layer-hardware.js';
import { accuracy, trainMlp, type Mlp } from '../workloads/training/index.js';
import { sweepChart } from './snn-mnist-chart.js';
import { useNodeFileSystem } from '../api/node-file-system.js';

// A script run with node, not through api/index.js or the CLI: Helen reads files through Node's file system.
useNodeFileSystem();

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const ARCH = join(root, 'architectures/snn-mnist.yaml');
/** The held-out presentation: its coding (rate, step, window, gap) is also what training codes the training digits with. */
const TEST_WORKLOAD = join(root, 'workloads/examples/mnist-test-spikes.yaml');
const weightsFile = (variant: string) => join(root, `architectures/parts/snn-mnist-weights-${variant}.json`);

/** Seed of the initial weights, the sample order and the training spike trains. */
const SEED = 2026;
const CLASSES = 10;
/** Trainer settings (chosen by hand on the training split; see docs/neuromorphic.md). */
const BATCH = 32;
const LEARNING_RATE_MV = 0.05;
const SURROGATE_BETA_PER_MV = 0.5;
/** Logit per output spike of the cross-entropy. */
const COUNT_SCALE = 0.5;

/** Neuron variants: the architecture's own (adaptive threshold) and hard reset, each trained for itself. */
const VARIANTS: ReadonlyArray<{ name: string; set: Array<[string, string]> }> = [
  { name: 'adaptive', set: [['snn.output.reset', 'adaptive']] },
  { name: 'hard', set: [['snn.output.reset', 'hard']] },
];

const NO_INPUT: number[] = [];

/** The spikes of one digit as the trainer sees them: channels reaching the neurons at each edge of window + gap. */
function activeEdges(digit: MnistDigit, p: MnistPresentation, hw: LayerHardware, seed: number): number[][] {
  const maxProbability = (p.maxRateHz * p.stepPs) / 1e12;
  const slots = rateCodeSlots(digit.pixels, { steps: p.windowSteps, maxProbability }, digitStream(seed, digit));
  const edges = trainingEdges(p);
  // Edges without input share one empty list: a sample spans 200 edges, 20 of them with input.
  const active = new Array<number[]>(edges).fill(NO_INPUT);
  slots.forEach((fired, s) => {
    if (s + hw.delay < edges) active[s + hw.delay] = fired;
  });
  return active;
}

/** Edges a training sample spans: the digit's whole scoring window (input window and gap). */
function trainingEdges(p: MnistPresentation): number {
  return p.windowSteps + Math.round(p.gapPs / p.stepPs);
}

/** The presentation's coding, checked against the architecture's clock (training assumes one spike slot per edge). */
function presentation(hw: LayerHardware): MnistPresentation {
  const p = parseMnistPresentation(TEST_WORKLOAD);
  if (p.stepPs !== hw.constants.dtPs)
    throw new Error(`${TEST_WORKLOAD}: step ${p.stepPs} ps, but the neurons' dt is ${hw.constants.dtPs} ps`);
  return p;
}

function train(epochs: number): void {
  const { train: digits } = loadMnist();
  for (const v of VARIANTS) {
    const hw = layerHardware(ARCH, 'snn.output', 'snn.w', v.set);
    const p = presentation(hw);
    const shape = { inputs: MNIST_PIXELS, outputs: CLASSES, edges: trainingEdges(p) };
    const rng = new Rng(SEED);
    const initialMv = Float64Array.from({ length: MNIST_PIXELS * CLASSES }, () => rng.nextGaussian(0, 0.5));
    const t0 = performance.now();
    const result = trainClassifier(
      {
        shape,
        samples: digits.length,
        label: (k) => digits[k]!.label,
        active: (k, epoch) => activeEdges(digits[k]!, p, hw, SEED * 1000 + epoch),
      },
      hw,
      {
        epochs,
        batchSize: BATCH,
        learningRateMv: LEARNING_RATE_MV,
        surrogateBetaPerMv: SURROGATE_BETA_PER_MV,
        countScale: COUNT_SCALE,
        initialMv,
        seed: SEED,
      },
      (e, s) =>
        console.log(
          `${v.name} epoch ${e + 1}/${epochs}: loss ${s.loss.toFixed(4)}, training accuracy ${(100 * s.accuracy).toFixed(2)} % (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
        ),
    );
    const rows = Array.from({ length: MNIST_PIXELS }, (_, i) =>
      Array.from(result.weightsMv.subarray(i * CLASSES, (i + 1) * CLASSES), (x) => Number(x.toFixed(4))),
    );
    const note = `trained for ${v.set.map(([k, x]) => `${k}=${x}`).join(', ')} by bench/snn-mnist.ts --train: softmax cross-entropy on output spike counts, surrogate gradient through the discrete model with the array's realised weights, ${epochs} epochs, batch ${BATCH}, seed ${SEED}; target weights in mV, one row per pixel (row-major from the top left), one column per digit`;
    const body = rows.map((r) => ` ${JSON.stringify(r)}`).join(',\n');
    writeFileSync(weightsFile(v.name), `{"note": ${JSON.stringify(note)},\n "weights": [\n${body}\n ]}\n`);
    const last = result.history[result.history.length - 1]!;
    console.log(
      `trained ${v.name} in ${((performance.now() - t0) / 1000).toFixed(1)} s: training accuracy ${(100 * last.accuracy).toFixed(2)} %; wrote ${weightsFile(v.name)}`,
    );
  }
}

/** Held-out accuracy of the trainer's discrete model (realised weights, no variation, each digit from rest). */
function discreteAccuracy(
  weightsMv: Float64Array,
  hw: LayerHardware,
  p: MnistPresentation,
  digits: MnistDigit[],
  seed: number,
): number {
  const shape = { inputs: MNIST_PIXELS, outputs: CLASSES, edges: trainingEdges(p) };
  const realised = realisedWeights(weightsMv, hw.device, hw.mvPerNs);
  const bank = new NeuronBank(CLASSES, hw.constants);
  let right = 0;
  for (const d of digits) {
    const trace = runLayerActive(shape, realised, activeEdges(d, p, hw, seed), bank);
    if (strictlyMost(spikeCounts(trace, CLASSES, shape.edges), d.label)) right++;
  }
  return right / digits.length;
}

/** The metrics of a simulator run by name. */
function simulate(workload: string, set: Array<[string, string]>): Record<string, number> {
  const report = runSimulation({ architecture: ARCH, workload, overrides: new Map(set) });
  const metrics = report.workload_summary?.metrics ?? [];
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** An SNN's target weights (pixel × class, mV) as a float linear classifier of intensities, without bias. */
function linearClassifier(weightsMv: Float64Array): Mlp {
  return {
    layers: [{ rows: MNIST_PIXELS, cols: 10, weights: weightsMv, bias: new Float64Array(10), activation: 'none' }],
  };
}

function evaluate(workload: string): void {
  const { train: trainDigits, test } = loadMnist();
  const hw = layerHardware(ARCH, 'snn.output', 'snn.w', []);
  const p = presentation(hw);
  const t0 = performance.now();
  // The float counterpart: workloads/training's perceptron with no hidden layer (softmax regression), trained like the ONNX MLP.
  const ann = trainMlp(trainDigits, {
    sizes: [MNIST_PIXELS, 10],
    epochs: 10,
    batchSize: BATCH,
    learningRate: 0.1,
    seed: SEED,
  });
  console.log(
    `float ANN (784 → 10 softmax regression on pixel intensities, SGD, 10 epochs, seed ${SEED}): held-out accuracy ${(100 * accuracy(ann, test)).toFixed(2)} % (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  for (const v of VARIANTS) {
    const w = readWeights(weightsFile(v.name));
    const hwv = layerHardware(ARCH, 'snn.output', 'snn.w', v.set);
    console.log(
      `weights trained for ${v.name}: as a float linear classifier of intensities ${(100 * accuracy(linearClassifier(w), test)).toFixed(2)} %; trainer's discrete model (realised weights, no variation) ${(100 * discreteAccuracy(w, hwv, p, test, p.seed ?? 1)).toFixed(2)} %`,
    );
  }
  console.log(`\nsimulator: helen run ${ARCH} ${workload} --set …`);
  console.log(
    'weights     reset      accuracy   in-spikes/inf  out-spikes/inf  SOPs/inf   energy/inf pJ  w/o leakage pJ  wall s',
  );
  const runs: Array<[string, string]> = [
    ['adaptive', 'adaptive'],
    ['adaptive', 'hard'],
    ['hard', 'hard'],
  ];
  for (const [weights, reset] of runs) {
    const t = performance.now();
    const m = simulate(workload, [
      ['snn.output.reset', reset],
      ['snn.w.weights_file', weightsFile(weights)],
    ]);
    console.log(
      `${weights.padEnd(11)} ${reset.padEnd(10)} ${(100 * m['accuracy']!).toFixed(2).padStart(6)} %   ${m['spikes_in_per_inference']!.toFixed(1).padStart(13)}  ${m['spikes_out_per_inference']!.toFixed(2).padStart(14)}  ${m['sops_per_inference']!.toFixed(0).padStart(8)}   ${m['energy_per_inference']!.toFixed(3).padStart(13)}  ${m['dynamic_energy_per_inference']!.toFixed(3).padStart(14)}  ${((performance.now() - t) / 1000).toFixed(1)}`,
    );
  }
}

/** Target weights (rows × 10, mV) of a weights file written by --train, row-major. */
function readWeights(file: string): Float64Array {
  return Float64Array.from((JSON.parse(readFileSync(file, 'utf8')) as { weights: number[][] }).weights.flat());
}

const { values } = parseArgs({
  options: {
    train: { type: 'boolean', default: false },
    epochs: { type: 'string', default: '4' },
    workload: { type: 'string', default: TEST_WORKLOAD },
    chart: { type: 'string' },
  },
});
if (values.chart !== undefined) {
  const out = join(root, 'docs/img/snn-mnist-sweep.svg');
  writeFileSync(out, sweepChart(readFileSync(values.chart, 'utf8')));
  console.log(`wrote ${out}`);
} else {
  if (values.train) train(Number(values.epochs));
  evaluate(resolve(values.workload));
}
