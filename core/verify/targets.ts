import fc from 'fast-check';
import { HelenError } from '../errors.js';
import type { AnyComponentType, ComponentRegistry } from '../config/registry.js';
import type { Component } from '../model/component.js';
import { acceptsOperations } from '../model/declaration.js';
import { issueOperation } from '../model/declaration.js';
import type { OperationSource } from './arbitraries.js';
import type { OperationArgs } from './property.js';

/** Large architectures replicate one type thousands of times; a few instances per type cover its behaviour. */
export const INSTANCES_PER_TYPE = 4;

/** Range of guessed whole-number arguments: small enough for every shipped capacity, big enough to need several cycles. */
const GUESS_MIN = 1;
const GUESS_MAX = 64;

/** A component that takes operations (or a stimulus its type generates), with the type that declares them. */
export interface OperationTargetInfo {
  component: Component;
  type: AnyComponentType;
}

/** What the verifier can generate for a model, and what it had to leave out (with the reason). */
export interface OperationSources {
  sources: OperationSource[];
  /** `type.op on path: why` for operations no valid arguments could be found for. */
  skipped: string[];
}

/** Whether `path` is `scope` or inside it (`chip.tile` covers `chip.tile.adc` and `chip.tile[3]`, not `chip.tiles`). */
export function inScope(path: string, scope: string | undefined): boolean {
  if (scope === undefined) return true;
  return path === scope || path.startsWith(scope + '.') || path.startsWith(scope + '[');
}

/**
 * Components of the model that accept operations, in hierarchy order, at most
 * INSTANCES_PER_TYPE per type (spread over the replicas: first, last, between).
 */
export function operationTargets(
  components: readonly Component[],
  registry: ComponentRegistry,
  scope?: string,
): OperationTargetInfo[] {
  const byType = new Map<string, Component[]>();
  for (const c of components) {
    // Types driven by a stimulus of their family's format are checked too, though no operation reaches them.
    if (!(acceptsOperations(c) || registry.get(c.type)?.properties?.stimulus) || !inScope(c.path, scope)) continue;
    const list = byType.get(c.type) ?? [];
    list.push(c);
    byType.set(c.type, list);
  }
  const chosen = new Set<Component>();
  for (const list of byType.values()) {
    const n = Math.min(INSTANCES_PER_TYPE, list.length);
    for (let i = 0; i < n; i++) chosen.add(list[n === 1 ? 0 : Math.round((i * (list.length - 1)) / (n - 1))]!);
  }
  const out: OperationTargetInfo[] = [];
  for (const c of components) {
    const type = chosen.has(c) ? registry.get(c.type) : undefined;
    if (type) out.push({ component: c, type });
  }
  return out;
}

/** Whether the component accepts the operation with these arguments (tried on a model that is never run). */
function accepts(component: Component, op: string, args: OperationArgs): boolean {
  try {
    if (!acceptsOperations(component)) return false;
    issueOperation(component, { id: 'probe', name: op, args }, () => {});
    return true;
  } catch (e) {
    if (e instanceof HelenError) return false;
    throw e;
  }
}

/**
 * Random valid operations for the targets. A type's registered arbitraries
 * are used as they are; for other types, the operation's declared arguments
 * get small whole numbers, kept only if the smallest and the largest guess
 * are both accepted. `probeTargets` are the same
 * components in a throwaway model (probing queues work on them).
 */
export function operationSources(
  targets: readonly OperationTargetInfo[],
  probeTargets: ReadonlyMap<string, Component>,
): OperationSources {
  const sources: OperationSource[] = [];
  const skipped = new Set<string>();
  const guessed = new Map<string, fc.Arbitrary<OperationArgs> | undefined>();
  for (const { component, type } of targets) {
    for (const [op, decl] of Object.entries(type.operations ?? {})) {
      const registered = type.properties?.operations[op];
      if (registered) {
        sources.push({ to: component.path, op, args: registered(component.params, component) });
        continue;
      }
      // Per instance: whether an operation is valid can depend on wiring (a `send` needs a connected port).
      const key = `${component.path}.${op}`;
      if (!guessed.has(key)) {
        const names = Object.keys(decl.args);
        const probe = probeTargets.get(component.path);
        const all = (v: number) => Object.fromEntries(names.map((n) => [n, v]));
        const ok = probe !== undefined && accepts(probe, op, all(GUESS_MIN)) && accepts(probe, op, all(GUESS_MAX));
        guessed.set(
          key,
          ok
            ? fc.record(Object.fromEntries(names.map((n) => [n, fc.integer({ min: GUESS_MIN, max: GUESS_MAX })])))
            : undefined,
        );
        if (!ok)
          skipped.add(
            `${type.type}.${op} on ${component.path}: no registered arbitrary, and guessed arguments (${names.join(', ') || 'none'}) were refused`,
          );
      }
      const args = guessed.get(key);
      if (args) sources.push({ to: component.path, op, args });
    }
  }
  return { sources, skipped: [...skipped] };
}
