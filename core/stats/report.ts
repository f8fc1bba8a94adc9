import type { Component } from '../model/component.js';

/** Statistics of one component, with energy and area rolled up over its subtree. */
export interface ComponentReport {
  /** Hierarchical path. */
  path: string;
  /** Registered type. */
  type: string;
  /** Time the component was busy, in ps. */
  busy_ps: number;
  /** busy_ps / elapsed simulated time (0 when no time elapsed). */
  utilisation: number;
  /** Counter values by name. */
  counters: Record<string, number>;
  /** Distribution summaries by name. */
  distributions: Record<string, Record<string, number | number[]>>;
  /** This component's own energy, in pJ: dynamic per action, and leakage. */
  energy_pj: {
    dynamic: number;
    leakage: number;
    total: number;
    by_action: Record<string, { count: number; energy_pj: number }>;
  };
  /** Energy of this component and all its descendants, in pJ. */
  subtree_energy_pj: number;
  /** This component's own area, in mm². */
  area_mm2: number;
  /** Area of this component and all its descendants, in mm². */
  subtree_area_mm2: number;
}

/** Everything measured in a run, per component and in total. */
export interface SystemReport {
  /** Simulated time covered, in ps. */
  time_ps: number;
  /** Total energy, dynamic and leakage, in pJ. */
  energy_pj: number;
  /** Total area, in mm². */
  area_mm2: number;
  /** Energy summed per action name over all components, in pJ. */
  energy_by_action_pj: Record<string, number>;
  /** Per-component reports, in hierarchy order. */
  components: ComponentReport[];
}

/**
 * Collects the statistics of `roots` and their descendants at `elapsedPs`.
 * Subtree figures are sums over children, computed here rather than stored, so
 * a component's total can never drift from its parts.
 */
export function collectReport(roots: readonly Component[], elapsedPs: number): SystemReport {
  const reports: ComponentReport[] = [];
  const byAction: Record<string, number> = {};
  let energy = 0;
  let area = 0;

  const visit = (c: Component): ComponentReport => {
    const own = ownReport(c, elapsedPs);
    reports.push(own);
    for (const [name, a] of Object.entries(own.energy_pj.by_action))
      byAction[name] = (byAction[name] ?? 0) + a.energy_pj;
    if (own.energy_pj.leakage > 0) byAction['leakage'] = (byAction['leakage'] ?? 0) + own.energy_pj.leakage;
    for (const child of c.children) {
      const r = visit(child);
      own.subtree_energy_pj += r.subtree_energy_pj;
      own.subtree_area_mm2 += r.subtree_area_mm2;
    }
    return own;
  };
  for (const root of roots) {
    const r = visit(root);
    energy += r.subtree_energy_pj;
    area += r.subtree_area_mm2;
  }
  return { time_ps: elapsedPs, energy_pj: energy, area_mm2: area, energy_by_action_pj: byAction, components: reports };
}

function ownReport(c: Component, elapsedPs: number): ComponentReport {
  const counters: Record<string, number> = {};
  for (const [name, counter] of c.stats.counters) counters[name] = counter.value;
  const distributions: ComponentReport['distributions'] = {};
  for (const [name, d] of c.stats.distributions) distributions[name] = d.toJSON();
  const byAction: ComponentReport['energy_pj']['by_action'] = {};
  let dynamic = 0;
  for (const [name, a] of c.energy.actions) {
    byAction[name] = { count: a.count, energy_pj: a.energyPj };
    dynamic += a.energyPj;
  }
  const leakage = c.energy.leakagePj(elapsedPs);
  const busyPs = c.busy.busyPs(elapsedPs);
  return {
    path: c.path,
    type: c.type,
    busy_ps: busyPs,
    utilisation: elapsedPs > 0 ? busyPs / elapsedPs : 0,
    counters,
    distributions,
    energy_pj: { dynamic, leakage, total: dynamic + leakage, by_action: byAction },
    subtree_energy_pj: dynamic + leakage,
    area_mm2: c.areaMm2,
    subtree_area_mm2: c.areaMm2,
  };
}
