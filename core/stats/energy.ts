/** One kind of action a component performs, with its energy per occurrence. */
export class EnergyAction {
  /** Number of times it happened. */
  count = 0;
  /** Energy charged so far (count × per-action energy, unless charged with explicit energies). */
  energyPj = 0;

  constructor(
    readonly name: string,
    /** Energy of one occurrence, in pJ. */
    readonly energyPerActionPj: number,
  ) {}

  /** Records `count` occurrences at the action's energy. */
  charge(count = 1): void {
    this.count += count;
    this.energyPj += count * this.energyPerActionPj;
  }

  /** Records `count` occurrences that together cost `energyPj` (for data-dependent energies). */
  chargeEnergy(count: number, energyPj: number): void {
    this.count += count;
    this.energyPj += energyPj;
  }
}

/** 1 mW sustained for 1 ps is 1e-15 J = 1e-3 pJ. */
export const PJ_PER_MW_PS = 1e-3;

/**
 * A component's energy ledger: dynamic energy per action (count × energy per
 * action) plus leakage (power × elapsed time). Totals through the hierarchy are
 * summed by the report, not stored, so there is one source of truth.
 */
export class EnergyLedger {
  readonly actions = new Map<string, EnergyAction>();
  /** Static (leakage) power in mW, charged over the whole simulated time. */
  leakageMw = 0;

  /** Registers (or returns) an action; hot paths keep the returned object and call `charge`. */
  action(name: string, energyPerActionPj: number): EnergyAction {
    let a = this.actions.get(name);
    if (!a) {
      if (!(energyPerActionPj >= 0))
        throw new RangeError(`energy of action ${name} must be ≥ 0 pJ, got ${energyPerActionPj}`);
      a = new EnergyAction(name, energyPerActionPj);
      this.actions.set(name, a);
    }
    return a;
  }

  /** Dynamic energy so far, in pJ. */
  get dynamicPj(): number {
    let e = 0;
    for (const a of this.actions.values()) e += a.energyPj;
    return e;
  }

  /** Leakage energy over `elapsedPs`, in pJ. */
  leakagePj(elapsedPs: number): number {
    return this.leakageMw * elapsedPs * PJ_PER_MW_PS;
  }
}
