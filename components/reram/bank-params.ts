import { param } from '../../core/index.js';

/** Parameters every bank of identical units shares: how many, and each one's area and static power. */
export const bankParams = (what: string, units: number, unitAreaMm2: number) => ({
  units: param.integer(`number of ${what} in the bank`, { default: units, min: 1 }),
  unit_area: param.area(`area of one ${what.replace(/s$/, '')}`, { default: unitAreaMm2 }),
  unit_leakage: param.power(`static power of one ${what.replace(/s$/, '')}`, { default: 0 }),
});

/** Area and leakage options of a bank for the Component constructor. */
export function bankOptions(p: { units: number; unit_area: number; unit_leakage: number }): {
  areaMm2: number;
  leakageMw: number;
} {
  return { areaMm2: p.units * p.unit_area, leakageMw: p.units * p.unit_leakage };
}
