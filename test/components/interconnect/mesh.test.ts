import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { elaborate, issueOperation, loadArchitecture } from '../../../core/index.js';
import { defaultRegistry } from '../../support/session.js';
import { meshRoute } from '../../../components/interconnect/mesh.js';
import type { Router } from '../../../components/interconnect/router.js';

function mesh() {
  const registry = defaultRegistry();
  const model = elaborate(loadArchitecture('test/components/interconnect/fixtures/mesh-3x3.yaml', { registry }), {
    registry,
  });
  const r = (i: number) => model.sim.component(`r[${i}]`) as Router;
  return { model, r };
}

/** Sends transfers (all at time 0) and returns their completion cycles (1 GHz: ns). */
function send(transfers: { from: number; to: number; bytes: number }[]) {
  const { model, r } = mesh();
  const done: number[] = [];
  transfers.forEach((t, i) =>
    issueOperation(
      r(t.from),
      { id: `t${i}`, name: 'transfer', args: { bytes: t.bytes, to: t.to } },
      () => (done[i] = model.sim.nowPs / 1000),
    ),
  );
  model.sim.run();
  return { done, r, model };
}

describe('2D mesh router (XY routing)', () => {
  it('property: an XY route is as long as the Manhattan distance and ends at its destination', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 60 }),
        fc.nat(),
        fc.nat(),
        (cols, n, a, b) => {
          const [from, to] = [a % n, b % n];
          const hops = meshRoute(from, to, cols, n);
          expect(hops.length).toBe(
            Math.abs((from % cols) - (to % cols)) + Math.abs(Math.floor(from / cols) - Math.floor(to / cols)),
          );
          for (const h of hops) expect(h.from).toBeLessThan(n);
        },
      ),
    );
  });

  it('an uncontended transfer takes (links + 1) × hop latency + flits cycles, and every router on the path charges each flit', () => {
    // r[0] (0,0) → r[8] (2,2): 4 links, 5 routers; 64 bytes = 16 flits: 5 × 2 + 16 = 26 cycles.
    const { done, model } = send([{ from: 0, to: 8, bytes: 64 }]);
    expect(done).toEqual([26]);
    const flits = (i: number) => (model.sim.component(`r[${i}]`) as Router).stats.counters.get('flits_routed')!.value;
    // XY: along row 0 (r0, r1, r2), then up column 2 (r5, r8).
    expect([0, 1, 2, 5, 8].map(flits)).toEqual([16, 16, 16, 16, 16]);
    expect([3, 4, 6, 7].map(flits)).toEqual([0, 0, 0, 0]);
    expect((model.sim.component('r[0]') as Router).stats.counters.get('link_hops')!.value).toBe(4);
  });

  it('transfers sharing a link wait for each other; disjoint ones do not', () => {
    // r0→r2 and r1→r2 share the link r1→r2 (east): the second waits for the first's 16 flits.
    const shared = send([
      { from: 0, to: 2, bytes: 64 },
      { from: 1, to: 2, bytes: 64 },
    ]);
    expect(shared.done[0]).toBe(3 * 2 + 16);
    expect(shared.done[1]).toBeGreaterThan(2 * 2 + 16);
    expect(
      (shared.model.sim.component('r[1]') as Router).stats.counters.get('contention_cycles')!.value,
    ).toBeGreaterThan(0);
    const apart = send([
      { from: 0, to: 2, bytes: 64 },
      { from: 6, to: 8, bytes: 64 },
    ]);
    expect(apart.done).toEqual([22, 22]);
  });
});
