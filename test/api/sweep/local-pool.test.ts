import { describe, expect, it } from 'vitest';
import { errorOf } from '../../support/helen-error.js';
import { checkThreadCount, type ThreadRequest } from '../../../api/sweep/local-pool.js';

describe('checkThreadCount: threads are a whole number ≥ 1 and at most the cores, unless oversubscription is asked for', () => {
  const cores = 4;
  it.each<[number, Partial<ThreadRequest>, number | RegExp]>([
    [1, {}, 1],
    [4, {}, 4],
    [5, {}, /--concurrency 5 is more than the 4 core\(s\).*--allow-oversubscribe/],
    [100_000, {}, /--concurrency 100000 is more than the 4 core\(s\)/],
    [5, { allowOversubscribe: true }, 5],
    [0, {}, /must be a whole number ≥ 1, got 0/],
    [0, { allowOversubscribe: true }, /must be a whole number ≥ 1, got 0/],
    [-3, {}, /must be a whole number ≥ 1, got -3/],
    [1.5, {}, /must be a whole number ≥ 1, got 1.5/],
    [NaN, {}, /must be a whole number ≥ 1, got NaN/],
  ])('%s threads %o', (n, extra, expected) => {
    const request = { option: '--concurrency', cores, ...extra };
    if (typeof expected === 'number') {
      expect(checkThreadCount(n, request)).toBe(expected);
      return;
    }
    const error = errorOf(() => checkThreadCount(n, request));
    expect(error.code).toBe('E_USAGE');
    expect(error.message).toMatch(expected);
  });
});
