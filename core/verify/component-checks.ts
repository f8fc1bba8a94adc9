import fc from 'fast-check';
import type { Elaboration } from '../config/elaborate.js';
import type { Component } from '../model/component.js';
import {
  componentCaseArbitrary,
  simSeedArbitrary,
  toOpTrace,
  withSimSeed,
  type OperationSource,
  type VerifyCase,
} from './arbitraries.js';
import { describeRunError, type PlannedProperty, type Scratch, type Simulate } from './harness.js';
import { OperationObserver } from './observer.js';
import type { ComponentCheck, ComponentProperties, ObservedRun } from './property.js';
import type { OperationTargetInfo } from './targets.js';

/** What component checks need from the verification session. */
export interface ComponentCheckContext {
  simulate: Simulate;
  scratch: Scratch;
  /** The user's `--set` overrides, applied to every run. */
  overrides: ReadonlyMap<string, string>;
}

/** Observed runs by case, shared by the checks of one session. */
type RunCache = Map<string, ObservedRun | string>;

/** Most cached runs: checks of one instance draw the same cases one after another, so a short memory serves them all. */
const RUN_CACHE_SIZE = 64;

/** One property row per (instance, check) of every target whose type registered properties. */
export function planComponentChecks(
  targets: readonly OperationTargetInfo[],
  ctx: ComponentCheckContext,
): PlannedProperty[] {
  const plan: PlannedProperty[] = [];
  // Checks of one instance with the same operations and schedule draw the same cases from the same seed: one run serves them all.
  const cache: RunCache = new Map();
  const seen = new Set<string>();
  for (const { component, type } of targets) {
    // Instances alike in every parameter of their subtree would be checked on the same cases: once is enough.
    const signature = `${type.type} ${subtreeSignature(component)}`;
    if (seen.has(signature)) continue;
    seen.add(signature);
    const props = type.properties;
    if (!props) continue;
    for (const check of props.checks) {
      if (check.appliesTo && !check.appliesTo(component.params)) continue;
      plan.push(planOne(component, type.type, props, check, ctx, cache));
    }
  }
  return plan;
}

/** The parameters of a component and its descendants, by relative path: equal for replicas built alike. */
function subtreeSignature(root: Component): string {
  const parts: string[] = [];
  const walk = (c: Component, rel: string) => {
    parts.push(`${rel}:${c.type}:${JSON.stringify(c.params)}`);
    for (const ch of c.children) walk(ch, `${rel}/${ch.name}`);
  };
  walk(root, '');
  return parts.join('\n');
}

function planOne(
  component: Component,
  typeName: string,
  props: ComponentProperties,
  check: ComponentCheck,
  ctx: ComponentCheckContext,
  cache: RunCache,
): PlannedProperty {
  const path = component.path;
  const head = { name: `${typeName}: ${check.name}`, kind: check.kind, component: path };
  const names = check.operations ?? Object.keys(props.operations);
  const sources: OperationSource[] = [];
  for (const op of names) {
    const args = props.operations[op];
    if (args) sources.push({ to: path, op, args: args(component.params, component) });
  }
  const stimulus = props.stimulus;
  if (sources.length === 0 && !stimulus)
    return {
      ...head,
      cases: fc.constant({ lines: [], simSeed: 1 }),
      judge: () => undefined,
      skipped: `no arbitrary for ${names.join(', ')}`,
    };
  const cases: fc.Arbitrary<VerifyCase> = stimulus
    ? fc.record({
        lines: fc.constant([]),
        simSeed: simSeedArbitrary(),
        stimulus: stimulus
          .arbitrary(component.params, component)
          .map((value) => ({ value, text: stimulus.render(value), extension: stimulus.extension })),
      })
    : withSimSeed(componentCaseArbitrary(sources, check.schedule ?? 'serial', check.maxOperations ?? 4));
  const variantOverrides = check.variant ? variantSettings(path, check.variant, ctx.overrides) : undefined;
  return {
    ...head,
    cases,
    ...(variantOverrides ? { variantOverrides } : {}),
    judge: (c) => {
      const run = (overrides: ReadonlyMap<string, string>): ObservedRun | string => {
        const key = `${path}\n${c.simSeed}\n${describeOverrides(overrides)}\n${c.stimulus?.text ?? toOpTrace(c.lines)}`;
        let r = cache.get(key);
        if (r === undefined) {
          if (cache.size >= RUN_CACHE_SIZE) cache.delete(cache.keys().next().value!);
          r = observe(path, props, c, overrides, ctx);
          cache.set(key, r);
        }
        return r;
      };
      const first = run(ctx.overrides);
      if (typeof first === 'string') return first;
      let second: ObservedRun | undefined;
      if (variantOverrides) {
        const v = run(variantOverrides);
        if (typeof v === 'string') return `with ${describeOverrides(variantOverrides, ctx.overrides)}: ${v}`;
        second = v;
      }
      return judgeWith(check, first, second);
    },
  };
}

/** The user's overrides plus the variant's parameters set on this one instance. */
function variantSettings(
  path: string,
  variant: Readonly<Record<string, string | number | boolean>>,
  user: ReadonlyMap<string, string>,
): Map<string, string> {
  const all = new Map(user);
  for (const [k, v] of Object.entries(variant)) all.set(`${path}.${k}`, String(v));
  return all;
}

/** The overrides a variant adds to the user's, as `--set` flags. */
export function describeOverrides(
  all: ReadonlyMap<string, string>,
  user: ReadonlyMap<string, string> = new Map(),
): string {
  return [...all]
    .filter(([k, v]) => user.get(k) !== v)
    .map(([k, v]) => `--set ${k}=${v}`)
    .join(' ');
}

/** Runs the case and returns what `path` did, or the run's failure as a message. */
function observe(
  path: string,
  props: ComponentProperties,
  c: VerifyCase,
  overrides: ReadonlyMap<string, string>,
  ctx: ComponentCheckContext,
): ObservedRun | string {
  const observer = new OperationObserver();
  try {
    const workload = ctx.scratch.workload(c);
    let read: (() => unknown) | undefined;
    const onModel = (m: Elaboration) => {
      observer.attach(m, () => props.capture, [path]);
      const component = m.sim.component(path) as Component;
      read = props.watch?.(component);
      observer.watchParams(component);
    };
    const report = ctx.simulate({ workload, overrides, seed: c.simSeed, scope: path, onModel });
    return {
      path,
      params: observer.paramsOf(path),
      clock: observer.clockOf(path)!,
      operations: observer.operationsOf(path),
      report,
      ...(c.stimulus ? { stimulus: c.stimulus.value } : {}),
      ...(read ? { watched: read() } : {}),
    };
  } catch (e) {
    return describeRunError(e);
  }
}

function judgeWith(check: ComponentCheck, run: ObservedRun, variant: ObservedRun | undefined): string | undefined {
  try {
    return check.check(run, variant) ?? undefined;
  } catch (e) {
    return `the check threw: ${e instanceof Error ? e.message : String(e)}`;
  }
}
