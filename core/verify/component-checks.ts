import fc from 'fast-check';
import type { Component } from '../model/component.js';
import { componentCaseArbitrary, type OperationSource } from './arbitraries.js';
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

/** One property row per (instance, check) of every target whose type registered properties. */
export function planComponentChecks(targets: readonly OperationTargetInfo[], ctx: ComponentCheckContext): PlannedProperty[] {
  const plan: PlannedProperty[] = [];
  for (const { component, type } of targets) {
    const props = type.properties;
    if (!props) continue;
    for (const check of props.checks) {
      if (check.appliesTo && !check.appliesTo(component.params)) continue;
      plan.push(planOne(component, type.type, props, check, ctx));
    }
  }
  return plan;
}

function planOne(component: Component, typeName: string, props: ComponentProperties, check: ComponentCheck, ctx: ComponentCheckContext): PlannedProperty {
  const path = component.path;
  const head = { name: `${typeName}: ${check.name}`, kind: check.kind, component: path };
  const names = check.operations ?? Object.keys(props.operations);
  const sources: OperationSource[] = [];
  for (const op of names) {
    const args = props.operations[op];
    if (args) sources.push({ to: path, op, args: args(component.params) });
  }
  if (sources.length === 0) return { ...head, cases: fc.constant([]), judge: () => undefined, skipped: `no arbitrary for ${names.join(', ')}` };
  const variantOverrides = check.variant ? variantSettings(path, check.variant, ctx.overrides) : undefined;
  return {
    ...head,
    cases: componentCaseArbitrary(sources, check.schedule ?? 'serial', check.maxOperations ?? 4),
    ...(variantOverrides ? { variantOverrides } : {}),
    judge: (lines) => {
      const workload = ctx.scratch.workload(lines);
      const first = observe(path, props, workload, ctx.overrides, ctx.simulate);
      if (typeof first === 'string') return first;
      let second: ObservedRun | undefined;
      if (variantOverrides) {
        const v = observe(path, props, workload, variantOverrides, ctx.simulate);
        if (typeof v === 'string') return `with ${describeOverrides(variantOverrides, ctx.overrides)}: ${v}`;
        second = v;
      }
      return judgeWith(check, first, second);
    },
  };
}

/** The user's overrides plus the variant's parameters set on this one instance. */
function variantSettings(path: string, variant: Readonly<Record<string, string | number | boolean>>, user: ReadonlyMap<string, string>): Map<string, string> {
  const all = new Map(user);
  for (const [k, v] of Object.entries(variant)) all.set(`${path}.${k}`, String(v));
  return all;
}

/** The overrides a variant adds to the user's, as `--set` flags. */
export function describeOverrides(all: ReadonlyMap<string, string>, user: ReadonlyMap<string, string> = new Map()): string {
  return [...all].filter(([k, v]) => user.get(k) !== v).map(([k, v]) => `--set ${k}=${v}`).join(' ');
}

/** Runs the workload and returns what `path` did, or the run's failure as a message. */
function observe(path: string, props: ComponentProperties, workload: string, overrides: ReadonlyMap<string, string>, simulate: Simulate): ObservedRun | string {
  const observer = new OperationObserver();
  try {
    const report = simulate({ workload, overrides, onModel: (m) => observer.attach(m, () => props.capture, [path]) });
    return { path, params: observer.paramsOf(path), clock: observer.clockOf(path)!, operations: observer.operationsOf(path), report };
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
