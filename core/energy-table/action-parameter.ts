import type { z } from 'zod';
import { paramMeta } from '../config/params.js';
import type { AnyComponentType } from '../config/registry.js';

/** Accelergy's names for energy a component spends per cycle whatever it does, which Helen charges as leakage. */
export const LEAK_ACTIONS: readonly string[] = ['leak', 'idle'];

/** The parameter an ERT action sets, or why none does. */
export type ActionTarget = { parameter: string; dimension: 'energy' | 'power' } | { reason: string };

function shape(type: AnyComponentType): Record<string, z.ZodType> {
  return type.params.shape as Record<string, z.ZodType>;
}

function dimensionOf(type: AnyComponentType, key: string): string | undefined {
  const schema = shape(type)[key];
  return schema ? paramMeta(schema)?.dimension : undefined;
}

/** A parameter's dimension in words, for unit-mismatch messages. */
function described(dimension: string): string {
  return dimension === 'none' ? 'a plain number' : `a ${dimension}`;
}

/** The energy parameters `type` has, for messages. */
function energyParameters(type: AnyComponentType): string[] {
  return Object.keys(shape(type)).filter((k) => dimensionOf(type, k) === 'energy');
}

/**
 * Which parameter of `type` an ERT action sets: the type's own declared name
 * for it (`energyActions`), else `energy_per_<action>` or `<action>_energy`;
 * `leak` and `idle` (energy per cycle) set the `leakage` power.
 */
export function actionParameter(type: AnyComponentType, action: string): ActionTarget {
  const declared = type.energyActions?.[action];
  if (typeof declared === 'object') return { reason: declared.refuse };
  if (declared !== undefined) {
    const dim = dimensionOf(type, declared);
    if (dim === 'energy') return { parameter: declared, dimension: 'energy' };
    if (dim === undefined)
      return { reason: `${type.type} declares action "${action}" → "${declared}", which is not one of its parameters` };
    return {
      reason: `unit mismatch: ${type.type}'s "${declared}" is ${described(dim)}, the table gives an energy in pJ`,
    };
  }
  for (const key of [`energy_per_${action}`, `${action}_energy`])
    if (dimensionOf(type, key) === 'energy') return { parameter: key, dimension: 'energy' };
  if (LEAK_ACTIONS.includes(action)) {
    if (dimensionOf(type, 'leakage') === 'power') return { parameter: 'leakage', dimension: 'power' };
    return { reason: `${type.type} has no leakage parameter` };
  }
  const known = [...Object.keys(type.energyActions ?? {}), ...energyParameters(type)];
  return {
    reason: `no such action: ${type.type} has no parameter for "${action}" (its energy parameters: ${known.join(', ') || 'none'})`,
  };
}

/** The parameter an ART area sets (the type's declared `tableArea`, else `area`, the instance's own area), or why none does. */
export function areaParameter(type: AnyComponentType): ActionTarget | { parameter: string; dimension: 'area' } {
  const key = type.tableArea ?? 'area';
  const dim = dimensionOf(type, key);
  if (dim === 'area') return { parameter: key, dimension: 'area' };
  return {
    reason: dim
      ? `unit mismatch: ${type.type}'s "${key}" is ${described(dim)}, the table gives an area in µm²`
      : `${type.type} has no area parameter`,
  };
}

/**
 * The value text a table entry gives a parameter, as Helen evaluates it: an
 * energy in pJ (`0.23pJ`), a leak as pJ per cycle of `cyclePs` (`0.005pJ / 1000ps`),
 * an area in µm² (`417um2`). The reader and the writer of tables both use it.
 */
export function tableValueText(dimension: 'energy' | 'power' | 'area', amount: number, cyclePs = 0): string {
  if (dimension === 'area') return `${amount}um2`;
  return dimension === 'power' ? `${amount}pJ / ${cyclePs}ps` : `${amount}pJ`;
}
