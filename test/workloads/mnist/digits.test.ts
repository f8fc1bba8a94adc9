import { describe, expect, it } from 'vitest';
import { loadMnist, MNIST_PIXELS } from '../../../workloads/mnist/digits.js';

describe('loadMnist', () => {
  const { train, test } = loadMnist();

  it('splits all 10,000 real digits into disjoint train and held-out sets, every fifth of each class held out', () => {
    expect(train.length + test.length).toBe(10_000);
    expect(test.length).toBeGreaterThan(1_900);
    expect(test.length).toBeLessThan(2_100);
    const trainIds = new Set(train.map((d) => d.id));
    expect(trainIds.size).toBe(train.length);
    for (const d of test) {
      expect(trainIds.has(d.id)).toBe(false);
      expect(Number(d.id.split(':')[1]) % 5).toBe(4);
    }
  });

  it('gives 784 intensities in [0, 1] and a label matching the class file of every digit', () => {
    for (const d of [...train.slice(0, 50), ...test.slice(0, 50)]) {
      expect(d.pixels.length).toBe(MNIST_PIXELS);
      expect(Math.min(...d.pixels)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...d.pixels)).toBeLessThanOrEqual(1);
      expect(Math.max(...d.pixels)).toBeGreaterThan(0.5);
      expect(d.label).toBe(Number(d.id.split(':')[0]));
    }
  });

  it('interleaves the classes so that any prefix is balanced', () => {
    expect(test.slice(0, 20).map((d) => d.label)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const counts = new Array<number>(10).fill(0);
    for (const d of train.slice(0, 1000)) counts[d.label]!++;
    expect(Math.min(...counts)).toBe(100);
  });
});
