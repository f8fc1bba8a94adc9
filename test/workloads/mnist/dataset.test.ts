import { describe, expect, it } from 'vitest';
import { loadMnist, loadMnistDigits, mnistSplit, MNIST_PIXELS } from '../../../workloads/mnist/index.js';

describe('MNIST digits', () => {
  const digits = loadMnistDigits();
  const { train, test } = mnistSplit(digits);

  it('loads all 10,000 digits in round-robin class order, pixels in [0, 1]', () => {
    expect(digits).toHaveLength(10_000);
    expect(digits.slice(0, 20).map((d) => d.label)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(digits.every((d) => d.pixels.length === MNIST_PIXELS && d.pixels.every((p) => p >= 0 && p <= 1))).toBe(true);
  });

  it('splits into 8,000 training and 2,000 test digits, disjoint, every class in the test set', () => {
    expect([train.length, test.length]).toEqual([8000, 2000]);
    const trainSet = new Set(train);
    expect(test.some((d) => trainSet.has(d))).toBe(false);
    const perClass = Array.from({ length: 10 }, (_, c) => test.filter((d) => d.label === c).length);
    expect(Math.min(...perClass)).toBeGreaterThan(150);
  });
});

describe('loadMnist', () => {
  it('is the same split as mnistSplit, read once, with stable ids naming each digit in its class file', () => {
    const a = loadMnist();
    expect(loadMnist()).toBe(a);
    expect(a.test.slice(0, 3).map((d) => d.id)).toEqual(
      mnistSplit()
        .test.slice(0, 3)
        .map((d) => d.id),
    );
    expect(a.test[0]!.id).toBe('0:4');
    expect(new Set([...a.train, ...a.test].map((d) => d.id)).size).toBe(10_000);
  });
});
