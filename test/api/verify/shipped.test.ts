import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNS, verifyArchitecture } from '../../../api/verify.js';

/** Every architecture file shipped (not the reusable `parts/` bodies): new ones are covered as they land. */
function shippedArchitectures(): string[] {
  const dirs = ['architectures', 'architectures/examples'];
  return dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => join(d, f)),
  );
}

/** ISAAC (17 k components) needs a few runs' worth of elaboration and snapshot; the rest take well under this. */
const PER_ARCHITECTURE_TIMEOUT_MS = 600_000;

describe('helen verify passes on every shipped architecture with the default number of runs', () => {
  const files = shippedArchitectures();

  it('finds the shipped architectures', () => {
    expect(files).toContain('architectures/isaac.yaml');
    expect(files).toContain('architectures/examples/demo-chip.yaml');
  });

  for (const architecture of files) {
    it(
      `${architecture}: every property and invariant holds`,
      () => {
        const t0 = performance.now();
        const report = verifyArchitecture({ architecture });
        if (process.env.HELEN_VERIFY_TIMINGS)
          console.log(
            `${architecture}: ${report.properties.length} properties, ${report.elaborations} elaborations, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
          );
        expect(
          report.properties
            .filter((p) => p.status === 'failed')
            .map((p) => `${p.property} (${p.component ?? 'architecture'}): ${p.failure?.message}`),
        ).toEqual([]);
        expect(report.runs).toBe(DEFAULT_RUNS);
        // Something was checked: skipped rows alone would pass vacuously.
        expect(report.properties.some((p) => p.status === 'passed' && p.runs === DEFAULT_RUNS)).toBe(true);
      },
      PER_ARCHITECTURE_TIMEOUT_MS,
    );
  }
});
