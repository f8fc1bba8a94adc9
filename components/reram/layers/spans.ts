import type { Component, Elaboration } from '../../../core/index.js';
import type { PhaseReport } from '../../../core/index.js';

/** A named stretch of a run that may overlap others (a pipelined layer), with the dynamic energy its operations charged. */
export interface Span {
  name: string;
  startPs?: number;
  endPs?: number;
  /** Dynamic energy charged by the span's operations, pJ. */
  energyPj: number;
  operations: number;
}

/**
 * Phases of overlapping spans. Each phase's energy is its own operations'
 * dynamic energy plus a share of the chip's leakage: at every moment the
 * leakage is split evenly over the spans running then (moments when none runs
 * go to the span that starts next, or the last one). So phase energies add up
 * to the run's, whether the layers overlap or not.
 */
export function layerPhases(model: Elaboration, spans: readonly Span[]): PhaseReport[] {
  const leakMw = (model.sim.components as Component[]).reduce((a, c) => a + c.energy.leakageMw, 0);
  const clock = model.mainClock;
  const now = model.sim.nowPs;
  const live = spans
    .filter((s) => s.startPs !== undefined)
    .map((s) => ({ s, start: s.startPs!, end: s.endPs ?? now, leakPj: 0 }));
  const cuts = [...new Set([0, now, ...live.flatMap((x) => [x.start, x.end])])]
    .filter((t) => t <= now)
    .sort((a, b) => a - b);
  for (let k = 0; k + 1 < cuts.length; k++) {
    const [a, b] = [cuts[k]!, cuts[k + 1]!];
    const pj = leakMw * (b - a) * 1e-3;
    let on = live.filter((x) => x.start <= a && x.end >= b && x.end > x.start);
    if (on.length === 0) on = [live.find((x) => x.start >= b) ?? live[live.length - 1]!].filter(Boolean);
    for (const x of on) x.leakPj += pj / on.length;
  }
  return live.map(({ s, start, end, leakPj }) => ({
    name: s.name,
    cycles: clock.cycleAtOrAfter(end) - clock.cycleAtOrAfter(start),
    time_ps: end - start,
    start_ps: start,
    end_ps: end,
    energy_pj: s.energyPj + leakPj,
    operations: s.operations,
  }));
}
