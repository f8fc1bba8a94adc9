import type { Elaboration } from '../config/elaborate.js';
import type { Component } from '../model/component.js';
import type { PhaseReport } from './workload.js';

function dynamicEnergyPj(model: Elaboration): number {
  let e = 0;
  for (const c of model.sim.components as Component[]) e += c.energy.dynamicPj;
  return e;
}

function leakageMw(model: Elaboration): number {
  let p = 0;
  for (const c of model.sim.components as Component[]) p += c.energy.leakageMw;
  return p;
}

/**
 * Splits a run into named, back-to-back phases and measures each: cycles of
 * the main clock, time, and energy (dynamic energy charged in the phase plus
 * leakage over its duration), so phases add up to the run's totals.
 */
export class PhaseTracker {
  private readonly done: PhaseReport[] = [];
  private current: { name: string; startPs: number; startEnergyPj: number; operations: number } | undefined;
  private readonly leakMw: number;

  constructor(private readonly model: Elaboration) {
    this.leakMw = leakageMw(model);
  }

  /** Ends the phase in progress (if any) and starts `name` now. */
  begin(name: string): void {
    this.end();
    this.current = { name, startPs: this.model.sim.nowPs, startEnergyPj: dynamicEnergyPj(this.model), operations: 0 };
  }

  /** Counts an operation against the phase in progress. */
  countOperation(): void {
    if (this.current) this.current.operations++;
  }

  /** The name of the phase in progress. */
  get currentName(): string | undefined {
    return this.current?.name;
  }

  /** Ends the phase in progress at the current time. */
  end(): void {
    const c = this.current;
    if (!c) return;
    const endPs = this.model.sim.nowPs;
    const clock = this.model.mainClock;
    const timePs = endPs - c.startPs;
    this.done.push({
      name: c.name,
      cycles: clock.cycleAtOrAfter(endPs) - clock.cycleAtOrAfter(c.startPs),
      time_ps: timePs,
      start_ps: c.startPs,
      end_ps: endPs,
      energy_pj: dynamicEnergyPj(this.model) - c.startEnergyPj + this.leakMw * timePs * 1e-3,
      operations: c.operations,
    });
    this.current = undefined;
  }

  /** Ends the phase in progress (a run is over when this is asked) and returns all phases, in order. */
  phases(): PhaseReport[] {
    this.end();
    return [...this.done];
  }
}
