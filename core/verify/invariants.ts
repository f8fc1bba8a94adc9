import { sha256Hex } from '../io/sha256.js';
import { readFileSync } from '../io/fs.js';
import fc from 'fast-check';
import {
  opTraceArbitrary,
  simSeedArbitrary,
  toOpTrace,
  withSimSeed,
  type OperationSource,
  type VerifyCase,
} from './arbitraries.js';
import { describeRunError, type PlannedProperty, type Scratch, type Simulate } from './harness.js';
import { OperationObserver } from './observer.js';
import type { ObservedReport } from './property.js';
import { checkEnergyAndCountersNonNegative, checkSubtreeSums, compareResults } from './report-checks.js';

/** Cases whose second traced run is on a freshly built model (elaborating a big model costs more than everything else a case does). */
const FRESH_RETRACES = 1;

/** What whole-architecture invariants need from the verification session. */
export interface InvariantContext {
  simulate: Simulate;
  scratch: Scratch;
  overrides: ReadonlyMap<string, string>;
  /** Random valid operations over the architecture's operation targets. */
  sources: readonly OperationSource[];
  /** Longest generated workload, in operations. */
  maxOperations?: number;
  /** Stimuli of a family's own format, for architectures no operation reaches (a spiking network driven by recordings). */
  stimulus?: fc.Arbitrary<NonNullable<VerifyCase['stimulus']>>;
}

/**
 * One untraced and two traced runs of the same case: what every invariant is
 * judged on. Where the session reuses models, the first case's second traced
 * run is on a freshly built model (a reused model must run like a new one) and
 * later cases' on the reused model again (state leaking from one run into the
 * next would change the second trace): the trace-hash invariant checks both.
 */
interface CaseRuns {
  plain: Run;
  traced: Run & { hash?: string };
  retraced: Run & { hash?: string };
}

interface Run {
  report?: ObservedReport;
  error?: string;
  observer: OperationObserver;
}

/** The invariants every architecture must satisfy on any valid workload. */
export function planInvariants(ctx: InvariantContext): PlannedProperty[] {
  const cache = new Map<string, Partial<CaseRuns>>();
  const runsOf = (c: VerifyCase): Partial<CaseRuns> => {
    const key = `${c.simSeed}\n${c.stimulus?.text ?? toOpTrace(c.lines)}`;
    let entry = cache.get(key);
    if (!entry) {
      // Properties draw the same cases from the same seed: one case's runs serve every invariant.
      if (cache.size > 64) cache.clear();
      entry = {};
      cache.set(key, entry);
    }
    return entry;
  };
  const plain = (c: VerifyCase): Run => (runsOf(c).plain ??= simulateCase(ctx, c, false, false));
  const traced = (c: VerifyCase): Run & { hash?: string } => (runsOf(c).traced ??= simulateCase(ctx, c, true, false));
  let freshRuns = 0;
  const retraced = (c: VerifyCase): Run & { hash?: string } =>
    (runsOf(c).retraced ??= simulateCase(ctx, c, true, freshRuns++ < FRESH_RETRACES));
  const useStimulus = ctx.sources.length === 0 && ctx.stimulus !== undefined;
  const cases = useStimulus
    ? fc.record<VerifyCase>({ lines: fc.constant([]), simSeed: simSeedArbitrary(), stimulus: ctx.stimulus! })
    : withSimSeed(opTraceArbitrary(ctx.sources, { maxOperations: ctx.maxOperations ?? 8 }));
  const skipped =
    ctx.sources.length === 0 && !useStimulus
      ? 'no component here accepts operations a workload could address'
      : undefined;
  const invariant = (name: string, judge: (c: VerifyCase) => string | undefined): PlannedProperty => ({
    name,
    kind: 'invariant',
    cases,
    judge,
    ...(skipped ? { skipped } : {}),
  });
  // Only `terminates` fails on a run that throws: the others would repeat its message.
  return [
    invariant('run terminates or stops at its bound with a reason', (l) => {
      const r = plain(l);
      if (r.error) return r.error;
      if (r.report!.stop.reason !== 'completed' && !r.report!.stop.message)
        return `stopped (${r.report!.stop.reason}) without saying why`;
      return undefined;
    }),
    invariant('every operation completes exactly once', (l) => {
      const r = plain(l);
      if (r.error) return undefined;
      if (r.report!.stop.reason !== 'completed') return undefined;
      const bad = r.observer.allOperations().find((o) => o.completions !== 1);
      return bad ? `operation ${bad.id} (${bad.op}) completed ${bad.completions} times` : undefined;
    }),
    invariant('no serial resource ever has two jobs in service at once', (l) => {
      const r = plain(l);
      return r.error ? undefined : r.observer.serviceViolation;
    }),
    invariant('time never decreases', (l) => {
      const r = traced(l);
      if (r.error) return undefined;
      const t = r.observer.timeline;
      for (let i = 1; i < t.length; i++)
        if (t[i]! < t[i - 1]!) return `time went back from ${t[i - 1]} ps to ${t[i]} ps`;
      const last = t.length ? t[t.length - 1]! : 0;
      return r.report!.time_ps < last
        ? `the run ended at ${r.report!.time_ps} ps, before its last event at ${last} ps`
        : undefined;
    }),
    invariant('energy and every counter are non-negative', (l) => {
      const r = plain(l);
      return r.report ? checkEnergyAndCountersNonNegative(r.report) : undefined;
    }),
    invariant('energy and area add up through the hierarchy', (l) => {
      const r = plain(l);
      return r.report ? checkSubtreeSums(r.report) : undefined;
    }),
    invariant('same seed gives the same trace hash', (l) => {
      const a = traced(l);
      const b = retraced(l);
      if (a.error || b.error)
        return a.error === b.error ? undefined : `one run failed and the other did not: ${a.error ?? b.error}`;
      return a.hash === b.hash
        ? undefined
        : `two runs with the same seed (the second on a freshly built model) recorded different traces (sha256 ${a.hash?.slice(0, 12)} vs ${b.hash?.slice(0, 12)})`;
    }),
    invariant('results do not depend on trace settings', (l) => {
      const a = plain(l);
      const b = traced(l);
      if (a.error || b.error)
        return a.error === b.error
          ? undefined
          : `with the trace ${a.error ? 'on the run succeeded' : 'off the run succeeded'}, otherwise: ${a.error ?? b.error}`;
      const diff = compareResults(a.report!, b.report!);
      return diff ? `trace off vs on: ${diff}` : undefined;
    }),
  ];
}

function simulateCase(ctx: InvariantContext, c: VerifyCase, traced: boolean, fresh: boolean): Run & { hash?: string } {
  const workload = ctx.scratch.workload(c);
  const observer = new OperationObserver();
  const traceFile = traced ? ctx.scratch.file('.jsonl') : undefined;
  try {
    const report = ctx.simulate({
      workload,
      overrides: ctx.overrides,
      seed: c.simSeed,
      fresh,
      ...(traceFile ? { traceFile } : {}),
      onModel: (m) => {
        observer.attach(m, () => undefined);
        observer.watchServices(m);
        if (traced) observer.watchTrace(m);
      },
    });
    return {
      report,
      observer,
      ...(traceFile ? { hash: sha256Hex(readFileSync(traceFile)) } : {}),
    };
  } catch (e) {
    return { error: describeRunError(e), observer };
  }
}
