import { join } from 'node:path';
import { didYouMean, HelenError, loadArchitecture, type Component, type Elaboration } from '../core/index.js';
import {
  checkProperty,
  describeOverrides,
  inScope,
  operationSources,
  operationTargets,
  planComponentChecks,
  planInvariants,
  Scratch,
  type PlannedProperty,
  type PropertyOutcome,
  type Simulate,
} from '../core/verify/index.js';
import { writeFileAtomic } from './output.js';
import { runWithTrace } from './trace/record.js';
import { defaultSession, type Session } from './session.js';
import { ModelPool } from './verify/model-pool.js';

/** Cases per property when none is asked for: enough to find shallow bugs, quick on every shipped architecture. */
export const DEFAULT_RUNS = 20;

/** Bounds of every verification run: a generated workload is small, so hitting one is itself a finding worth a reason. */
const RUN_BOUNDS = { maxEvents: 5_000_000, wallClockMs: 20_000 };

/** What to verify and how hard. */
export interface VerifyOptions {
  /** Architecture YAML file. */
  architecture: string;
  /** Check only this component and its subtree (invariants then draw operations only for it). */
  component?: string;
  /** Cases per property (default DEFAULT_RUNS). */
  runs?: number;
  /** fast-check seed (default 1); the same seed draws the same cases, and with them the simulation seed of each. */
  seed?: number;
  /** `--set` overrides applied to every run. */
  overrides?: ReadonlyMap<string, string>;
  /** Check only properties with exactly this name (as the table prints it). */
  property?: string;
  /** fast-check path of a recorded counter-example: replays just that case (with the seed it was found with). */
  replayPath?: string;
  /** Where counter-examples are written (`counterexample.jsonl`, then `counterexample-2.jsonl`, …); none when undefined. */
  outDir?: string;
  /** Longest whole-architecture workload generated, in operations (default 8). */
  maxOperations?: number;
  /** Component types and readers (default: everything Helen ships). */
  session?: Session;
}

/** One row of `helen verify`: a property and how it fared (also its `--json` form). */
export interface VerifiedProperty {
  property: string;
  kind: PropertyOutcome['kind'];
  component?: string;
  status: PropertyOutcome['status'];
  runs: number;
  time_ms: number;
  note?: string;
  failure?: {
    message: string;
    /** The shrunk counter-example as an op-trace workload. */
    workload: string;
    /** The simulation seed it fails with (`helen run --seed`). */
    sim_seed: number;
    /** Where it was written, if it was. */
    file?: string;
    seed: number;
    path: string;
    /** `helen run …` reproducing the counter-example. */
    replay_run: string;
    /** `helen verify …` re-checking exactly this case. */
    replay_verify: string;
  };
}

/** Everything `helen verify` reports. */
export interface VerifyReport {
  architecture: string;
  architecture_file: string;
  seed: number;
  runs: number;
  passed: boolean;
  properties: VerifiedProperty[];
  /** Operations no valid arguments could be generated for (`type.op: why`). */
  skipped_operations: string[];
  /** Models elaborated (the rest of the runs reused one, restored from a snapshot). */
  elaborations: number;
}

/** Checks every component property and the whole-architecture invariants of an architecture on random workloads. */
export function verifyArchitecture(options: VerifyOptions): VerifyReport {
  const session = options.session ?? defaultSession();
  const runs = options.runs ?? DEFAULT_RUNS;
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new HelenError('E_USAGE', `--runs must be a whole number ≥ 1, got ${runs}`);
  const overrides = options.overrides ?? new Map<string, string>();
  const pool = new ModelPool(loadArchitecture(options.architecture, session.loadOptions()), session);
  // The probes below queue work on this model; the pool restores it before any run.
  const model: Elaboration = pool.model(overrides, 1);
  const components = model.sim.components as Component[];
  if (options.component !== undefined && !components.some((c) => inScope(c.path, options.component))) {
    const hint = didYouMean(
      options.component,
      components.map((c) => c.path),
    );
    throw new HelenError(
      'E_USAGE',
      `--component: no component "${options.component}" in ${model.spec.name}${hint ? `; did you mean "${hint}"?` : ''}`,
    );
  }
  const targets = operationTargets(components, session.registry, options.component);
  const probes = new Map(components.map((c) => [c.path, c]));
  const { sources, skipped } = operationSources(targets, probes);

  const scratch = new Scratch();
  try {
    const simulate: Simulate = (req) => {
      const o = req.overrides ?? overrides;
      return runWithTrace(
        {
          architecture: options.architecture,
          workload: req.workload,
          overrides: o,
          seed: req.seed,
          session,
          ...RUN_BOUNDS,
          build: () => (req.fresh ? pool.fresh(o, req.seed) : pool.model(o, req.seed, req.scope)),
          ...(req.onModel ? { onModel: req.onModel } : {}),
        },
        req.traceFile ? { file: req.traceFile } : undefined,
      );
    };
    const ctx = { simulate, scratch, overrides };
    // An architecture no operation reaches is exercised by the first stimulus one of its types generates.
    const driven = targets.find((t) => t.type.properties?.stimulus);
    const spec = driven?.type.properties?.stimulus;
    const stimulus = spec
      ?.arbitrary(driven!.component.params, driven!.component)
      .map((value) => ({ value, text: spec.render(value), extension: spec.extension }));
    let plan: PlannedProperty[] = [
      ...planComponentChecks(targets, ctx),
      ...planInvariants({
        ...ctx,
        sources,
        maxOperations: options.maxOperations ?? 8,
        ...(stimulus ? { stimulus } : {}),
      }),
    ];
    if (options.property !== undefined) {
      plan = plan.filter((p) => p.name === options.property);
      if (plan.length === 0)
        throw new HelenError(
          'E_USAGE',
          `--property: no property named "${options.property}" here (the table of a full run lists them)`,
        );
    }
    const outcomes = plan.map((p) =>
      checkProperty(p, { runs, seed, ...(options.replayPath ? { path: options.replayPath } : {}) }),
    );
    const properties = reportOutcomes(outcomes, options, overrides);
    return {
      architecture: model.spec.name,
      architecture_file: options.architecture,
      seed,
      runs,
      passed: properties.every((p) => p.status !== 'failed'),
      properties,
      skipped_operations: skipped,
      elaborations: pool.elaborations,
    };
  } finally {
    scratch.dispose();
  }
}

/** Rows of the report; failures get their counter-example file and replay commands. */
function reportOutcomes(
  outcomes: PropertyOutcome[],
  options: VerifyOptions,
  overrides: ReadonlyMap<string, string>,
): VerifiedProperty[] {
  let written = 0;
  const userSets = [...overrides].map(([k, v]) => ` --set ${quote(`${k}=${v}`)}`).join('');
  return outcomes.map((o) => {
    const row: VerifiedProperty = {
      property: o.name,
      kind: o.kind,
      ...(o.component ? { component: o.component } : {}),
      status: o.status,
      runs: o.runs,
      time_ms: Math.round(o.timeMs),
      ...(o.note ? { note: o.note } : {}),
    };
    const f = o.failure;
    if (!f) return row;
    const file =
      options.outDir !== undefined
        ? join(
            options.outDir,
            written === 0 ? `counterexample${f.extension}` : `counterexample-${written + 1}${f.extension}`,
          )
        : undefined;
    if (file) {
      writeFileAtomic(file, f.workload, { option: '--out' });
      written++;
    }
    const variant = f.variantOverrides
      ? ` (the second run adds ${describeOverrides(f.variantOverrides, overrides)})`
      : '';
    row.failure = {
      // The run read a scratch copy that is gone by now; name the file the user has.
      message: f.message.replaceAll(/[^\s(]*helen-verify-[^/\s]+\/f\d+\.\w+/g, file ?? `counterexample${f.extension}`),
      workload: f.workload,
      sim_seed: f.simSeed,
      ...(file ? { file } : {}),
      seed: f.seed,
      path: f.path,
      replay_run: `helen run ${quote(options.architecture)} ${quote(file ?? `counterexample${f.extension}`)}${userSets} --seed ${f.simSeed} --trace cx.vcd${variant}`,
      replay_verify: `helen verify ${quote(options.architecture)}${userSets}${o.component ? ` --component ${quote(o.component)}` : ''} --property ${quote(o.name)} --seed ${f.seed} --replay ${quote(f.path)}`,
    };
    return row;
  });
}

/** Quotes a shell word when it holds anything but safe characters. */
function quote(word: string): string {
  return /^[\w./=:@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
