// Trains the MNIST multilayer perceptron Helen ships (workloads/examples/mnist-mlp.onnx) on real digits.
//   npm run build && node dist/bench/train-mnist-mlp.js            # trains, prints test accuracy, writes the model
//   node dist/bench/train-mnist-mlp.js --check                      # trains and prints, writes nothing
// Recipe (docs/workloads.md, "ONNX models"): 784-64-10, ReLU, softmax cross-entropy, mini-batch SGD
// (batch 32, rate 0.1, 8 epochs), He-normal initial weights from seed 1; the 10,000 digits of the `mnist`
// package in a fixed round-robin order, every fifth a test digit (8,000 train, 2,000 test).
import { writeFileAtomic } from '../api/output.js';
import { loadMnist } from '../workloads/mnist/index.js';
import { encodeOnnx, layersToOnnx } from '../workloads/onnx/index.js';
import { accuracy, mlpToLayers, trainMlp, type MlpTraining } from '../workloads/training/index.js';
import { useNodeFileSystem } from '../api/node-file-system.js';

// A script run with node, not through api/index.js or the CLI: Helen reads files through Node's file system.
useNodeFileSystem();

/** The shipped model's recipe. */
export const MNIST_MLP_RECIPE: MlpTraining = {
  sizes: [784, 64, 10],
  seed: 1,
  epochs: 8,
  learningRate: 0.1,
  batchSize: 32,
};

/** Where the trained model goes. */
export const MNIST_MLP_FILE = 'workloads/examples/mnist-mlp.onnx';

function main(): void {
  const check = process.argv.includes('--check');
  const t0 = performance.now();
  const { train, test } = loadMnist();
  const mlp = trainMlp(train, {
    ...MNIST_MLP_RECIPE,
    onEpoch: (epoch, loss) => process.stdout.write(`epoch ${epoch}: mean training loss ${loss.toFixed(4)}\n`),
  });
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(
    `train accuracy ${(100 * accuracy(mlp, train)).toFixed(2)} %, test accuracy ${(100 * accuracy(mlp, test)).toFixed(2)} % (${test.length} digits); trained in ${seconds.toFixed(1)} s\n`,
  );
  if (check) return;
  const { list, weights } = mlpToLayers(mlp, 'mnist-mlp');
  writeFileAtomic(
    MNIST_MLP_FILE,
    encodeOnnx(layersToOnnx(list, { weights, producer: 'helen bench/train-mnist-mlp.ts' })),
  );
  process.stdout.write(`wrote ${MNIST_MLP_FILE}\n`);
}

main();
