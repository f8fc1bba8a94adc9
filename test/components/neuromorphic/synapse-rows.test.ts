import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SynapseRows } from '../../../components/neuromorphic/synapse-rows.js';

/** The dense drive: for each column, the rows' weights added in batch order (absent synapses hold 0). */
function denseSums(w: Float64Array, cols: number, sources: readonly number[]): number[] {
  return Array.from({ length: cols }, (_, j) => sources.reduce((a, i) => a + w[i * cols + j]!, 0));
}

describe('SynapseRows', () => {
  it('property: the sparse drive of any batch, before and after weights change, holds exactly the non-zero dense sums, columns ascending', () => {
    let sparseReads = 0;
    fc.assert(
      fc.property(
        fc.record({
          rows: fc.integer({ min: 1, max: 6 }),
          cols: fc.integer({ min: 1, max: 80 }),
          // Tenths of the synapses that exist: sparse rows take the listing read, dense ones the sweep.
          density: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 10 })),
          links: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 480, maxLength: 480 }),
          cells: fc.array(
            fc.oneof(fc.constant(0), fc.integer({ min: -3, max: 3 }), fc.double({ min: -2, max: 2, noNaN: true })),
            {
              minLength: 480,
              maxLength: 480,
            },
          ),
          batches: fc.array(fc.uniqueArray(fc.nat({ max: 5 }), { minLength: 1, maxLength: 6 }), {
            minLength: 1,
            maxLength: 4,
          }),
          rewrites: fc.array(fc.record({ k: fc.nat(), w: fc.integer({ min: -3, max: 3 }) }), { maxLength: 10 }),
        }),
        (r) => {
          const n = r.rows * r.cols;
          const connected = Uint8Array.from(r.links.slice(0, n), (l) => (l < r.density ? 1 : 0));
          const w = Float64Array.from(r.cells.slice(0, n), (c, k) => (connected[k] ? c : 0));
          const csr = new SynapseRows(r.rows, r.cols, connected, w);
          const check = () => {
            for (const b of r.batches) {
              const sources = Int32Array.from(b.filter((i) => i < r.rows).sort((x, y) => x - y));
              let sops = 0;
              for (const i of sources) for (let j = 0; j < r.cols; j++) sops += connected[i * r.cols + j]!;
              if (8 * sops <= r.cols) sparseReads++;
              const drive = csr.read(sources, sops, 2);
              const expected = denseSums(w, r.cols, [...sources])
                .map((d, j) => [j, d] as const)
                .filter(([, d]) => d !== 0);
              expect([...drive.columns!]).toEqual(expected.map(([j]) => j));
              expect([...drive.dIMv]).toEqual(expected.map(([, d]) => d));
              expect(drive.delayCycles).toBe(2);
              expect(drive.neurons).toBe(r.cols);
              drive.release!();
            }
          };
          check();
          for (const { k, w: weight } of r.rewrites) {
            const at = k % n;
            if (!connected[at]) continue;
            w[at] = weight;
            csr.setWeight(Math.floor(at / r.cols), at % r.cols, weight);
          }
          check();
        },
      ),
      { numRuns: 200 },
    );
    // Batches with few enough synapses for the listing read (the others take the sweep).
    expect(sparseReads).toBeGreaterThan(30);
  });
});
