import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSession } from '../../../api/session.js';
import { runWithTrace } from '../../../api/trace/record.js';
import { ModelPool } from '../../../api/verify/model-pool.js';
import { loadArchitecture, Rng, type Component, type Elaboration } from '../../../core/index.js';
import {
  ModelSnapshot,
  operationSources,
  operationTargets,
  opTraceArbitrary,
  Scratch,
  withSimSeed,
} from '../../../core/verify/index.js';

/** A stand-in model: only `sim` and `roots` are walked. */
function fakeModel(sim: object): Elaboration {
  return { sim, roots: [] } as unknown as Elaboration;
}

describe('ModelSnapshot', () => {
  it('puts back fields, arrays, maps, sets and typed arrays, and drops what a run added', () => {
    const child = {
      n: 1,
      list: [1, 2],
      seen: new Set(['a']),
      byName: new Map([['x', 1]]),
      cells: new Float64Array([0.5, 1.5]),
    };
    const sim = { seed: 1, child, log: [] as unknown[] };
    const snap = ModelSnapshot.take(fakeModel(sim));
    child.n = 7;
    child.list.push(3);
    child.seen.add('b');
    child.byName.set('y', 2);
    child.cells[1] = 9;
    sim.log.push({ added: true });
    (child as Record<string, unknown>)['wrapper'] = () => 0;
    snap.restore();
    expect(child).toEqual({
      n: 1,
      list: [1, 2],
      seen: new Set(['a']),
      byName: new Map([['x', 1]]),
      cells: new Float64Array([0.5, 1.5]),
    });
    expect(sim.log).toEqual([]);
  });

  it('changes the seed of a model that drew nothing while it was built, and refuses for one that did', () => {
    const quiet = ModelSnapshot.take(fakeModel({ seed: 1 }));
    expect(quiet.drewRandomness).toBe(false);
    expect(quiet.restore(42).sim.seed).toBe(42);
    const drew = ModelSnapshot.take(fakeModel({ seed: 1, stream: new Rng(1) }));
    expect(drew.drewRandomness).toBe(true);
    expect(() => drew.restore(42)).toThrow(/build it again/);
    expect(drew.restore(1).sim.seed).toBe(1);
  });
});

describe('a restored model runs like a freshly elaborated one', () => {
  for (const architecture of ['architectures/examples/demo-chip.yaml', 'architectures/isaac-small.yaml']) {
    it(`${architecture}: report and trace of runs on the reused model equal a fresh model's, for random op traces and seeds`, () => {
      const session = defaultSession();
      const pool = new ModelPool(loadArchitecture(architecture, { registry: session.registry }), session);
      const none = new Map<string, string>();
      const probe = pool.model(none, 1);
      const components = probe.sim.components as Component[];
      const { sources } = operationSources(
        operationTargets(components, session.registry),
        new Map(components.map((c) => [c.path, c])),
      );
      const scratch = new Scratch();
      try {
        const run = (workload: string, seed: number, fresh: boolean) => {
          const trace = scratch.file('.jsonl');
          const r = runWithTrace(
            {
              architecture,
              workload,
              seed,
              session,
              build: () => (fresh ? pool.fresh(none, seed) : pool.model(none, seed)),
            },
            { file: trace },
          );
          const { wall_s: _w, events_per_s: _e, workload: _n, ...figures } = r;
          return { figures, trace: readFileSync(trace, 'utf8') };
        };
        fc.assert(
          fc.property(withSimSeed(opTraceArbitrary(sources, { maxOperations: 6 })), (c) => {
            const file = scratch.workload(c);
            const reused = run(file, c.simSeed, false);
            const again = run(file, c.simSeed, false);
            const fresh = run(file, c.simSeed, true);
            expect(reused).toEqual(fresh);
            expect(again).toEqual(fresh);
          }),
          { numRuns: 8, seed: 3 },
        );
      } finally {
        scratch.dispose();
      }
    }, 120_000);
  }
});
