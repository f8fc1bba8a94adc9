import { describe, expect, it } from 'vitest';
import { runOne } from './fixtures/run-one.js';

describe('memory family timing and energy', () => {
  it('a buffer read of 100 B on a 256-bit port takes latency 2 + ceil(800 / 256) = 6 cycles and 4 read accesses', () => {
    const { doneNs, c } = runOne('buf', 'read', { bytes: 100 });
    expect(doneNs).toBe(6);
    expect(c.energy.dynamicPj).toBe(12);
  });

  it('a DRAM read of 1000 B takes 50 ns + 1000 B / 25.6 GB/s (39.0625 ns), rounded up to 90 cycles, at 1 pJ/bit', () => {
    const { doneNs, c } = runOne('dram', 'read', { bytes: 1000 });
    expect(doneNs).toBe(90);
    expect(c.energy.dynamicPj).toBe(8000);
  });

  it('rejects unknown operations and bad sizes with HelenErrors', () => {
    expect(() => runOne('buf', 'erase', { bytes: 1 })).toThrow(/accepts: read, write/);
    expect(() => runOne('buf', 'read', { bytes: 0 })).toThrow(/"bytes" must be a whole number ≥ 1/);
  });
});
