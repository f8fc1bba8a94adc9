import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSession } from '../../../api/session.js';
import { DEFAULT_RUNS, verifyArchitecture } from '../../../api/verify.js';
import { elaborate, loadArchitecture, type Component } from '../../../core/index.js';

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

/**
 * Chips of 17 k components (and the 231 k-synapse SNN) whose every component type a smaller shipped
 * architecture already verifies with the default runs: these get fewer runs
 * (each run costs about a second here), enough for their own wiring and
 * architecture-level invariants. The test below checks the cover holds.
 */
const FEWER_RUNS: Record<string, { runs: number; typesVerifiedBy: string }> = {
  'architectures/isaac.yaml': { runs: 3, typesVerifiedBy: 'architectures/isaac-small.yaml' },
  'architectures/zero-insertion.yaml': { runs: 3, typesVerifiedBy: 'architectures/red.yaml' },
  'architectures/padding-free.yaml': { runs: 3, typesVerifiedBy: 'architectures/red.yaml' },
  // 2,312 inputs × 100 neurons: its spike input, arrays and populations are snn-small's types.
  'architectures/snn-memristor.yaml': { runs: 5, typesVerifiedBy: 'architectures/snn-small.yaml' },
};

function componentTypes(architecture: string): Set<string> {
  const session = defaultSession();
  const model = elaborate(loadArchitecture(architecture, { registry: session.registry }), {
    registry: session.registry,
  });
  return new Set((model.sim.components as Component[]).map((c) => c.type));
}

describe('helen verify passes on every shipped architecture', () => {
  const files = shippedArchitectures();

  it.each(Object.entries(FEWER_RUNS).map(([architecture, f]) => [architecture, f.typesVerifiedBy]))(
    '%s has fewer runs only because %s, verified with the default runs, has every component type it has',
    (architecture, typesVerifiedBy) => {
      expect(files).toContain(typesVerifiedBy);
      expect(FEWER_RUNS[typesVerifiedBy!]).toBeUndefined();
      const covering = componentTypes(typesVerifiedBy!);
      expect([...componentTypes(architecture!)].filter((t) => !covering.has(t))).toEqual([]);
    },
  );

  it('finds the shipped architectures', () => {
    expect(files).toContain('architectures/isaac.yaml');
    expect(files).toContain('architectures/examples/demo-chip.yaml');
  });

  for (const architecture of files) {
    it(
      `${architecture}: every property and invariant holds (${FEWER_RUNS[architecture]?.runs ?? DEFAULT_RUNS} runs)`,
      () => {
        const t0 = performance.now();
        const runs = FEWER_RUNS[architecture]?.runs ?? DEFAULT_RUNS;
        const report = verifyArchitecture({ architecture, runs });
        if (process.env.HELEN_VERIFY_TIMINGS)
          console.log(
            `${architecture}: ${report.properties.length} properties, ${report.elaborations} elaborations, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
          );
        expect(
          report.properties
            .filter((p) => p.status === 'failed')
            .map((p) => `${p.property} (${p.component ?? 'architecture'}): ${p.failure?.message}`),
        ).toEqual([]);
        expect(report.runs).toBe(runs);
        // Something was checked: skipped rows alone would pass vacuously.
        expect(report.properties.some((p) => p.status === 'passed' && p.runs === runs)).toBe(true);
      },
      PER_ARCHITECTURE_TIMEOUT_MS,
    );
  }
});
