import { afterAll, expect } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { elaborate, HelenError, HelenErrors, loadArchitecture } from '../../../core/index.js';
import { defaultRegistry } from '../../support/session.js';

// Shared by the loader fuzz tests (loader-fuzz, architecture-fuzz, include-fuzz).
// The contract under test: whatever the input, the loader and elaborator either
// build a model or throw HelenError(s) whose every problem is typed and located.
// Anything else (TypeError, RangeError, out of memory, a hang) is a bug.

const registry = defaultRegistry();

/** Generous for one case on a slow CI core; a hang or a runaway expansion takes far longer. */
const CASE_BUDGET_MS = 2000;
/**
 * HELEN_FUZZ_SCALE=20 digs deeper locally (without shrinking, which re-runs slow
 * cases many times); the default keeps each file well under 30 s on 2 cores.
 */
const SCALE = Number(process.env.HELEN_FUZZ_SCALE ?? 1);
export const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * SCALE)), endOnFailure: SCALE > 1 });

function assertLocated(p: unknown): void {
  expect(p).toBeInstanceOf(HelenError);
  const e = p as HelenError;
  expect(e.code).toMatch(/^E_[A-Z_]+$/);
  const loc = e.location;
  expect(loc?.file, e.format()).toBeTruthy();
  // `--set` problems have no line; everything else comes from a file and must be pinned in it.
  if (loc?.file !== '--set') {
    expect(loc?.line, e.format()).toBeGreaterThanOrEqual(1);
    expect(loc?.column, e.format()).toBeGreaterThanOrEqual(1);
  }
  expect(e.format()).not.toMatch(/\n\s+at /);
}

export type Outcome = { kind: 'model'; components: number } | { kind: 'errors'; problems: HelenError[] };

/**
 * A fresh temporary folder for one test file, removed after it (a factory, not module state: test files share the
 * module cache), and `outcome`, which runs one case in it.
 */
export function fuzzSandbox(): {
  workDir: string;
  outcome: (
    sub: string,
    files: Record<string, string | { link: string }>,
    overrides?: ReadonlyMap<string, string>,
  ) => Outcome;
} {
  const workDir = mkdtempSync(join(tmpdir(), 'helen-fuzz-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));
  /** Writes `files` (the first is the root; `{ link }` makes a symbolic link) under `sub`, loads and elaborates; returns what happened. */
  function outcome(
    sub: string,
    files: Record<string, string | { link: string }>,
    overrides?: ReadonlyMap<string, string>,
  ): Outcome {
    const base = join(workDir, sub);
    rmSync(base, { recursive: true, force: true });
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(base, name)), { recursive: true });
      if (typeof text === 'string') writeFileSync(join(base, name), text);
      else symlinkSync(text.link, join(base, name));
    }
    const t0 = performance.now();
    try {
      const model = elaborate(loadArchitecture(join(base, Object.keys(files)[0]!), { registry }), {
        registry,
        overrides,
      });
      return { kind: 'model', components: model.sim.components.length };
    } catch (e) {
      if (!(e instanceof HelenError)) throw e;
      const problems = e instanceof HelenErrors ? e.problems : [e];
      expect(problems.length).toBeGreaterThan(0);
      problems.forEach(assertLocated);
      return { kind: 'errors', problems };
    } finally {
      expect(performance.now() - t0).toBeLessThan(CASE_BUDGET_MS);
    }
  }
  return { workDir, outcome };
}

// Counts between ~100 and the 1e6 instance limit are legal but slow to build;
// the fuzzer wants errors and small models, not a benchmark.
export const smallInt = fc.integer({ min: -3, max: 64 });
export const notMidSized = (x: number) => !(Math.abs(x) > 64 && Math.abs(x) <= 1_000_000);
