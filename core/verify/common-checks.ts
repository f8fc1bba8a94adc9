import type { ComponentCheck, ObservedRun } from './property.js';

/** Conservation every operation target owes: each issued operation is reported done once, never twice, never dropped. */
export function completesExactlyOnce(operations?: readonly string[]): ComponentCheck {
  return {
    name: 'every operation completes exactly once',
    kind: 'conservation',
    schedule: 'concurrent',
    maxOperations: 6,
    ...(operations ? { operations } : {}),
    check: (run) => {
      const bad = run.operations.find((o) => o.completions !== 1);
      return bad ? `${bad.id} (${bad.op} ${JSON.stringify(bad.args)}) completed ${bad.completions} times` : undefined;
    },
  };
}

/** The first operation whose cycles differ from `expected` (undefined: not judged), described with the `rule` that gave them. */
export function firstWrongTiming(
  run: ObservedRun,
  expected: (args: Readonly<Record<string, unknown>>, op: string) => number | undefined,
  rule: string,
): string | undefined {
  for (const o of run.operations) {
    const want = expected(o.args, o.op);
    if (want !== undefined && o.cycles !== want)
      return `${o.id} (${o.op} ${JSON.stringify(o.args)}) took ${o.cycles} cycles alone; ${rule} gives ${want}`;
  }
  return undefined;
}

/** Whole cycles of the run's component clock that `ps` picoseconds take, rounded up (how models turn times into cycles). */
export function cyclesOf(run: ObservedRun, ps: number): number {
  return Math.ceil((ps * run.clock.periodDen) / run.clock.periodNumPs);
}

/** Energies summed in floating point agree to rounding; anything beyond this relative difference is a real mismatch. */
export function energyClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** The energy a run charged `action` on the component under check, in pJ (0 when never charged). */
export function actionEnergyPj(run: ObservedRun, action: string): number {
  return run.report.components[run.path]?.energy_by_action_pj[action] ?? 0;
}
