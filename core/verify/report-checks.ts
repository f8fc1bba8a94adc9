import type { ObservedReport } from './property.js';

/** Sums of floating-point energies differ from their parts by rounding only; anything beyond this is a real mismatch. */
const RELATIVE_TOLERANCE = 1e-9;

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

function sum(values: Iterable<number>): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** The first negative or non-finite energy, area, busy time or counter of a report, described; undefined if none. */
export function checkEnergyAndCountersNonNegative(r: ObservedReport): string | undefined {
  const bad = (what: string, v: number) => (Number.isFinite(v) && v >= 0 ? undefined : `${what} is ${v}`);
  let problem = bad('total energy', r.energy_pj) ?? bad('simulated time', r.time_ps);
  for (const [action, v] of Object.entries(r.energy_by_action_pj)) problem ??= bad(`energy of action "${action}"`, v);
  for (const [path, c] of Object.entries(r.components)) {
    if (problem) break;
    problem =
      bad(`${path} energy`, c.energy_pj) ?? bad(`${path} area`, c.area_mm2) ?? bad(`${path} busy time`, c.busy_ps);
    for (const [action, v] of Object.entries(c.energy_by_action_pj))
      problem ??= bad(`${path} energy of "${action}"`, v);
    for (const [name, v] of Object.entries(c.counters)) problem ??= bad(`${path} counter ${name}`, v);
  }
  return problem;
}

/** Parent path of a component path (`chip.tile[3].adc` → `chip.tile[3]`), undefined for a root. */
function parentOf(path: string): string | undefined {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? undefined : path.slice(0, dot);
}

/**
 * Whether energy and area roll up: each component's subtree is itself plus its
 * children's subtrees, its energy is the sum of its actions, and the chip
 * totals are the sums over roots and over actions.
 */
export function checkSubtreeSums(r: ObservedReport): string | undefined {
  const childEnergy = new Map<string, number>();
  const childArea = new Map<string, number>();
  let rootEnergy = 0;
  for (const [path, c] of Object.entries(r.components)) {
    const parent = parentOf(path);
    if (parent === undefined || !(parent in r.components)) {
      rootEnergy += c.subtree_energy_pj;
      continue;
    }
    childEnergy.set(parent, (childEnergy.get(parent) ?? 0) + c.subtree_energy_pj);
    childArea.set(parent, (childArea.get(parent) ?? 0) + c.subtree_area_mm2);
  }
  for (const [path, c] of Object.entries(r.components)) {
    const e = c.energy_pj + (childEnergy.get(path) ?? 0);
    if (!close(c.subtree_energy_pj, e))
      return `${path}: subtree energy ${c.subtree_energy_pj} pJ ≠ own ${c.energy_pj} pJ + children ${childEnergy.get(path) ?? 0} pJ`;
    const a = c.area_mm2 + (childArea.get(path) ?? 0);
    if (!close(c.subtree_area_mm2, a))
      return `${path}: subtree area ${c.subtree_area_mm2} mm² ≠ own + children ${a} mm²`;
    const actions = sum(Object.values(c.energy_by_action_pj));
    if (!close(c.energy_pj, actions)) return `${path}: energy ${c.energy_pj} pJ ≠ sum over its actions ${actions} pJ`;
  }
  if (!close(r.energy_pj, rootEnergy))
    return `total energy ${r.energy_pj} pJ ≠ sum over top-level components ${rootEnergy} pJ`;
  const byAction = sum(Object.values(r.energy_by_action_pj));
  if (!close(r.energy_pj, byAction)) return `total energy ${r.energy_pj} pJ ≠ sum over actions ${byAction} pJ`;
  return undefined;
}

/** The figures of a report that must not depend on how (or whether) the run was traced. */
function results(r: ObservedReport): unknown {
  const components: Record<string, unknown> = {};
  for (const [path, c] of Object.entries(r.components)) {
    components[path] = {
      energy_pj: c.energy_pj,
      energy_by_action_pj: c.energy_by_action_pj,
      busy_ps: c.busy_ps,
      counters: c.counters,
    };
  }
  return {
    time_ps: r.time_ps,
    energy_pj: r.energy_pj,
    energy_by_action_pj: r.energy_by_action_pj,
    stop: r.stop.reason,
    components,
  };
}

/** Where two reports' results first differ (`components.chip.pe[0].busy_ps: 5 vs 6`), undefined when equal. */
export function compareResults(a: ObservedReport, b: ObservedReport): string | undefined {
  return firstDifference(results(a), results(b), '');
}

function firstDifference(a: unknown, b: unknown, at: string): string | undefined {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        at ? `${at}.${k}` : k,
      );
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : `${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}
