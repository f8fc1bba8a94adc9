import { describe, expect, it } from 'vitest';
import type { Session } from '../../../api/session.js';
import { verifyArchitecture } from '../../../api/verify.js';
import { sessionWith } from '../../support/session.js';
import { type Component } from '../../../core/index.js';

/** snn-small with a check on its first synapse array that records the array's programmed weights in every run. */
function recordingSession(seen: number[]): Session {
  return sessionWith((t) =>
    t.type !== 'neuromorphic.synapse_array' || !t.properties
      ? t
      : {
          ...t,
          properties: {
            ...t.properties,
            watch: (c: Component) => () =>
              (c as unknown as { effectiveWeightsMv: Float64Array }).effectiveWeightsMv.reduce((a, w) => a + w, 0),
            checks: [
              {
                name: 'records its weights',
                kind: 'functional',
                check: (run) => void seen.push(run.watched as number),
              },
            ],
          },
        },
  );
}

describe('simulation seeds in verification', () => {
  it('each case runs with its own simulation seed, so seeded device variation differs from case to case, and the same --seed repeats them', () => {
    const first: number[] = [];
    const second: number[] = [];
    verifyArchitecture({
      architecture: 'architectures/snn-small.yaml',
      component: 'snn.w1',
      runs: 10,
      seed: 4,
      session: recordingSession(first),
    });
    verifyArchitecture({
      architecture: 'architectures/snn-small.yaml',
      component: 'snn.w1',
      runs: 10,
      seed: 4,
      session: recordingSession(second),
    });
    // snn-small programs its synapses with 2 % seeded variation: other seeds, other conductances.
    expect(new Set(first).size).toBeGreaterThan(5);
    expect(second).toEqual(first);
  });
});
