import { describe, expect, it } from 'vitest';
import { elaborate, issueOperation, loadArchitecture, type Component } from '../../../core/index.js';
import { defaultRegistry } from '../../support/session.js';
import { runOne } from '../../support/run-one.js';

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

describe('memory occupancy signal', () => {
  it('a buffer publishes its outstanding accesses as `queue` while a trace records: two back-to-back reads give 1, 2, 1, 0 at their edges', () => {
    const registry = defaultRegistry();
    const model = elaborate(loadArchitecture('test/components/memory/fixtures/parts.yaml', { registry }), { registry });
    const buf = model.sim.component('buf') as Component;
    expect(model.sim.trace.declarations().find((d) => d.component === 'buf' && d.signal === 'queue')).toMatchObject({
      kind: 'int',
    });
    const seen: [number, number][] = [];
    model.sim.trace.active = true;
    model.sim.trace.subscribe('signal', (c) => {
      if (c.component === 'buf' && c.signal === 'queue') seen.push([c.timePs / 1000, c.value as number]);
    });
    const done: number[] = [];
    for (const id of ['a', 'b'])
      issueOperation(buf, { id, name: 'read', args: { bytes: 100 } }, () => done.push(model.sim.nowPs / 1000));
    model.sim.run();
    // Each read takes 6 cycles (see above); the second waits for the first.
    expect(done).toEqual([6, 12]);
    expect(seen).toEqual([
      [0, 1],
      [0, 2],
      [6, 1],
      [12, 0],
    ]);
  });
});
