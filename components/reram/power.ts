import type { Component } from '../../core/index.js';

/**
 * A component that knows its power with every unit busy at its maximum rate
 * (dynamic + leakage) for its whole subtree. ISAAC's published power table is of
 * this kind. Families implement the method by name (families share no imports);
 * the roll-up below finds it by duck typing.
 */
export interface PeakPower {
  /** Power of this component and its descendants at full activity, in mW. */
  peakPowerMw(): number;
}

/** Type guard for components with a peak-power model. */
export function hasPeakPower(c: unknown): c is PeakPower {
  return typeof (c as PeakPower | null)?.peakPowerMw === 'function';
}

/**
 * Peak power of `c`'s subtree in mW: a component with a model answers for its
 * whole subtree; otherwise its leakage plus its children's peak powers.
 */
export function subtreePeakPowerMw(c: Component): number {
  if (hasPeakPower(c)) return c.peakPowerMw();
  let p = c.energy.leakageMw;
  for (const child of c.children) p += subtreePeakPowerMw(child);
  return p;
}

/** Area of `c`'s subtree in mm². */
export function subtreeAreaMm2(c: Component): number {
  let a = c.areaMm2;
  for (const child of c.children) a += subtreeAreaMm2(child);
  return a;
}
