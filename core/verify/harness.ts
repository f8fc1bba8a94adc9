import { mkdtempSync, rmSync, writeFileSync } from '../io/fs.js';
import { tmpdir } from '../io/fs.js';
import { join } from '../io/path.js';
import fc from 'fast-check';
import type { Elaboration } from '../config/elaborate.js';
import { HelenError } from '../errors.js';
import { toOpTrace, type TraceLine, type VerifyCase } from './arbitraries.js';
import type { CheckKind, ObservedReport } from './property.js';

/** A simulation the verifier asks for: a workload file, parameter overrides, maybe a trace to record. */
export interface SimulationRequest {
  workload: string;
  overrides?: ReadonlyMap<string, string>;
  /** Simulation seed (`helen run --seed`). */
  seed: number;
  /** Build a fresh model even where the session reuses one (to check that reuse changes nothing). */
  fresh?: boolean;
  /** The run is about this component only: the session may run it on the architecture cut down to it. */
  scope?: string;
  /** Record a JSONL trace of the run here. */
  traceFile?: string;
  /** Called with the built model before it runs (observers attach here). */
  onModel?: (model: Elaboration) => void;
}

/** Runs one simulation of the architecture under verification; the API layer supplies it (it can read workloads, core cannot). */
export type Simulate = (request: SimulationRequest) => ObservedReport;

/** A property ready to check: how its cases are drawn and how one case is judged. */
export interface PlannedProperty {
  /** Reads as the property. */
  name: string;
  kind: CheckKind | 'invariant';
  /** The component it is about (none for whole-architecture invariants). */
  component?: string;
  cases: fc.Arbitrary<VerifyCase>;
  /** A violation message, or undefined when the property held on the case. */
  judge(c: VerifyCase): string | undefined;
  /** Overrides of the property's second run, so a replay can reproduce it. */
  variantOverrides?: ReadonlyMap<string, string>;
  /** Why the property cannot be checked here (then it is reported, not run). */
  skipped?: string;
}

/** A failed property's shrunk counter-example and what fast-check needs to replay it. */
export interface PropertyFailure {
  message: string;
  counterexample: TraceLine[];
  /** The simulation seed the counter-example fails with (`helen run --seed`). */
  simSeed: number;
  /** The counter-example as a workload (an op trace, or a family's format). */
  workload: string;
  /** Extension of the workload's format (`.jsonl` for op traces). */
  extension: string;
  /** fast-check's seed. */
  seed: number;
  /** fast-check's path to the shrunk case (replay with the same seed). */
  path: string;
  variantOverrides?: ReadonlyMap<string, string>;
}

/** How one property fared. */
export interface PropertyOutcome {
  name: string;
  kind: CheckKind | 'invariant';
  component?: string;
  status: 'passed' | 'failed' | 'skipped';
  /** Cases tried (including the failing one). */
  runs: number;
  timeMs: number;
  note?: string;
  failure?: PropertyFailure;
}

/** How many cases to try, from which seed; `path` replays one recorded case. */
export interface CheckSettings {
  runs: number;
  seed: number;
  path?: string;
}

/** Carries a violation message out of a fast-check predicate. */
class PropertyViolation extends Error {}

/** Checks one property with fast-check, shrinking a failure to a small case. */
export function checkProperty(p: PlannedProperty, settings: CheckSettings): PropertyOutcome {
  const head = { name: p.name, kind: p.kind, ...(p.component ? { component: p.component } : {}) };
  if (p.skipped) return { ...head, status: 'skipped', runs: 0, timeMs: 0, note: p.skipped };
  const t0 = performance.now();
  const property = fc.property(p.cases, (c) => {
    const violation = p.judge(c);
    if (violation !== undefined) throw new PropertyViolation(violation);
  });
  const details = fc.check(property, {
    numRuns: settings.runs,
    seed: settings.seed,
    ...(settings.path ? { path: settings.path } : {}),
  });
  const timeMs = performance.now() - t0;
  if (!details.failed) return { ...head, status: 'passed', runs: details.numRuns, timeMs };
  const found = details.counterexample?.[0] ?? { lines: [], simSeed: 1 };
  const error = details.errorInstance;
  // A violation carries its own message; anything else escaped a judge and is reported as it is.
  const message = error instanceof Error ? error.message : String(error);
  return {
    ...head,
    status: 'failed',
    runs: details.numRuns,
    timeMs,
    failure: {
      message,
      counterexample: found.lines,
      simSeed: found.simSeed,
      workload: counterexampleText(found),
      extension: found.stimulus?.extension ?? '.jsonl',
      seed: details.seed,
      path: details.counterexamplePath ?? '',
      ...(p.variantOverrides ? { variantOverrides: p.variantOverrides } : {}),
    },
  };
}

/** A case as a replayable workload: its stimulus, or an op trace with its simulation seed in a leading comment (the reader skips `#` lines). */
export function counterexampleText(c: VerifyCase): string {
  if (c.stimulus) return c.stimulus.text;
  return `# helen verify counter-example: replay with --seed ${c.simSeed}\n${toOpTrace(c.lines)}`;
}

/** A failed simulation as a one-line violation: Helen's own errors formatted, others named as internal. */
export function describeRunError(e: unknown): string {
  if (e instanceof HelenError) return e.format();
  return `internal error: ${e instanceof Error ? e.message : String(e)}`;
}

/** A temporary directory for generated workloads and traces, removed by `dispose`. */
export class Scratch {
  readonly dir = mkdtempSync(join(tmpdir(), 'helen-verify-'));
  private n = 0;

  /** A fresh file name in the directory, ending in `suffix`. */
  file(suffix: string): string {
    return join(this.dir, `f${this.n++}${suffix}`);
  }

  /** Writes a case as a workload file; returns its path. */
  workload(c: VerifyCase): string {
    const file = this.file(c.stimulus?.extension ?? '.jsonl');
    writeFileSync(file, counterexampleText(c));
    return file;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
