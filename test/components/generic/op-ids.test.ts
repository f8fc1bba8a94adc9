import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OperationIds, RECENT_FINISHED_IDS } from '../../../components/generic/op-ids.js';

/** Ids `line 1` … `line n`, each claimed and then finished in order. */
function finishedInOrder(n: number): OperationIds {
  const ids = new OperationIds();
  let refused = 0;
  for (let i = 1; i <= n; i++) {
    const id = `line ${i}`;
    if (!ids.claim(id)) refused++;
    ids.finish(id);
  }
  expect(refused).toBe(0);
  return ids;
}

describe('operation ids of an op trace', () => {
  it.each([
    { case: 'an unfinished id', setup: ['claim a'], id: 'a', status: 'unfinished', duplicate: true },
    { case: 'a finished id', setup: ['claim a', 'finish a'], id: 'a', status: 'finished', duplicate: true },
    { case: 'a never-read id', setup: ['claim a'], id: 'b', status: 'unknown', duplicate: false },
  ] as const)(
    '$case is $status, and claiming it again is a duplicate: $duplicate',
    ({ setup, id, status, duplicate }) => {
      const ids = new OperationIds();
      for (const step of setup) {
        const [verb, name] = step.split(' ') as ['claim' | 'finish', string];
        if (verb === 'claim') ids.claim(name);
        else ids.finish(name);
      }
      expect(ids.status(id)).toBe(status);
      expect(ids.claim(id)).toBe(!duplicate);
    },
  );

  // Every id was kept for the whole run: 10 million lines held 2.7 GB.
  it('holds at most the recent finished ids exactly, however many operations finished', () => {
    const ids = finishedInOrder(3 * RECENT_FINISHED_IDS);
    expect(ids.exactCount).toBe(RECENT_FINISHED_IDS);
  });

  it('property: a finished id, however long ago, is never taken for unknown, and a recent one is a duplicate', () => {
    const n = 2 * RECENT_FINISHED_IDS;
    const ids = finishedInOrder(n);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: n }), (i) => {
        expect(ids.status(`line ${i}`)).toBe('finished');
        if (i > n - RECENT_FINISHED_IDS) expect(ids.claim(`line ${i}`)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('after forgetting 10⁵ ids, ids never read are still found unknown (false positives under 1 in 1000)', () => {
    const ids = finishedInOrder(RECENT_FINISHED_IDS + 100_000);
    let passed = 0;
    for (let i = 0; i < 20_000; i++) if (ids.status(`typo ${i}`) !== 'unknown') passed++;
    expect(passed).toBeLessThan(20);
  });
});
