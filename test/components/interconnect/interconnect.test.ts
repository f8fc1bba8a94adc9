import { describe, expect, it } from 'vitest';
import { runOne } from '../../support/run-one.js';

describe('interconnect family timing and energy', () => {
  it('a bus carries 100 B over 384 wires in ceil(800 / 384) = 3 cycles + 1 latency, at 0.5 pJ/bit', () => {
    const { doneNs, c } = runOne('bus', 'transfer', { bytes: 100 });
    expect(doneNs).toBe(4);
    expect(c.energy.dynamicPj).toBe(400);
  });

  it('a router sends 100 B as 25 flits of 32 bits over 3 hops: 25 + 3 × 2 = 31 cycles, 75 flit-hops', () => {
    const { doneNs, c } = runOne('router', 'transfer', { bytes: 100, hops: 3 });
    expect(doneNs).toBe(31);
    expect(c.energy.dynamicPj).toBe(150);
  });
});
