// Instance counting and limits: replica ranges and the pre-count of instances before building.
import { HelenError, HelenErrors } from '../errors.js';
import { evaluateQuantity, type Scope } from './evaluate.js';
import type { ComponentSpec, ValueSpec } from './spec.js';
import { convertTo, DIMENSIONLESS } from './units.js';

/**
 * Keeps a mistyped `[0..1e9]` from eating the machine: at most this many
 * component instances. A component costs about 3 KB and 50 µs to build and
 * report, so this bound keeps the largest architecture within about a gigabyte
 * and seconds (the full ISAAC chip is 17 516 instances).
 */
export const MAX_INSTANCES = 200_000;

/**
 * The indices a replicated body takes (`count: n` is 0..n-1), or the problems
 * that keep it from having any. Reports nothing itself: the instance count
 * runs it before building, and `replicas` again while building.
 */
export function replicaRange(c: ComponentSpec, scope: Scope): { first: number; count: number } | HelenError[] {
  const r = c.replication!;
  const problems: HelenError[] = [];
  const whole = (v: ValueSpec, what: string): number | undefined => {
    try {
      const n = convertTo(evaluateQuantity(v, scope, `${what} of "${c.name}"`), 'none');
      if (!Number.isInteger(n) || n < 0)
        throw new HelenError('E_TYPE', `${what} of "${c.name}" must be a whole number ≥ 0, got ${n}`, v.loc);
      if (n > MAX_INSTANCES)
        throw new HelenError(
          'E_LIMIT',
          `${what} of "${c.name}" is ${n}; at most ${MAX_INSTANCES} instances are allowed`,
          v.loc,
        );
      return n;
    } catch (e) {
      if (e instanceof HelenErrors) problems.push(...e.problems);
      else if (e instanceof HelenError) problems.push(e.location ? e : new HelenError(e.code, e.message, v.loc));
      else throw e;
      return undefined;
    }
  };
  if (r.kind === 'count') {
    const n = whole(r.count, 'count');
    return n === undefined ? problems : { first: 0, count: n };
  }
  const lo = whole(r.low, 'range start');
  const hi = whole(r.high, 'range end');
  if (lo === undefined || hi === undefined) return problems;
  if (hi < lo)
    return [new HelenError('E_TYPE', `range of "${c.name}" ends (${hi}) before it starts (${lo})`, r.low.loc)];
  if (hi - lo + 1 > MAX_INSTANCES) {
    return [
      new HelenError(
        'E_LIMIT',
        `range of "${c.name}" has ${hi - lo + 1} instances; at most ${MAX_INSTANCES} are allowed`,
        r.low.loc,
      ),
    ];
  }
  return { first: lo, count: hi - lo + 1 };
}

/**
 * How many instances `specs` make in `scope`, stopping as soon as there are
 * more than `MAX_INSTANCES` (then `culprit` is the replicated body blamed:
 * the one crossing the bound, else the one adding the most instances below
 * the body that did). A body whose problems keep it from replicating counts
 * nothing: building reports those problems.
 */
export function countInstances(
  specs: readonly ComponentSpec[],
  scope: Scope,
): { size: number; culprit?: ComponentSpec; biggest?: { spec: ComponentSpec; instances: number } } {
  let size = 0;
  let biggest: { spec: ComponentSpec; instances: number } | undefined;
  const note = (candidate: { spec: ComponentSpec; instances: number } | undefined): void => {
    if (candidate && (!biggest || candidate.instances > biggest.instances)) biggest = candidate;
  };
  for (const c of specs) {
    const before = size;
    const range = c.replication ? replicaRange(c, scope) : { first: 0, count: 1 };
    if (Array.isArray(range) || range.count === 0) continue;
    const at = (index: number): Scope =>
      c.replication ? scope.with(new Map([['index', { value: index, dim: DIMENSIONLESS }]])) : scope;
    if (!mentionsIndex(c.children)) {
      // Every replica has the same body and no count below reads `index`: count one, multiply.
      const one = countInstances(c.children, at(range.first));
      if (one.culprit) return one;
      note(one.biggest);
      size += range.count * (1 + one.size);
    } else {
      for (let i = 0; i < range.count && size <= MAX_INSTANCES; i++) {
        const one = countInstances(c.children, at(range.first + i));
        if (one.culprit) return one;
        note(one.biggest);
        size += 1 + one.size;
      }
    }
    if (c.replication) note({ spec: c, instances: size - before });
    if (size > MAX_INSTANCES) return { size, culprit: c.replication ? c : (biggest?.spec ?? c) };
  }
  return { size, ...(biggest ? { biggest } : {}) };
}

/** Whether each body's replication counts, its own or below it, name `index` (asked once per replica otherwise). */
const indexedBodies = new WeakMap<ComponentSpec, boolean>();

/** Whether a replication count anywhere in these bodies (or below them) is an expression naming `index`. */
function mentionsIndex(specs: readonly ComponentSpec[]): boolean {
  const names = (v: ValueSpec): boolean => typeof v.raw === 'string' && /\bindex\b/.test(v.raw);
  return specs.some((c) => {
    let known = indexedBodies.get(c);
    if (known === undefined) {
      const r = c.replication;
      const here = r !== undefined && (r.kind === 'count' ? names(r.count) : names(r.low) || names(r.high));
      known = here || mentionsIndex(c.children);
      indexedBodies.set(c, known);
    }
    return known;
  });
}
