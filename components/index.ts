import { ComponentRegistry } from '../core/index.js';
import { registerGeneric } from './generic/index.js';
import { registerSystolic } from './systolic/index.js';
import { registerReram } from './reram/index.js';
import { registerMemory } from './memory/index.js';
import { registerInterconnect } from './interconnect/index.js';
import { registerNeuromorphic } from './neuromorphic/index.js';

/** A registry holding every component family Helen ships. */
export function defaultRegistry(): ComponentRegistry {
  const registry = new ComponentRegistry();
  registerGeneric(registry);
  registerSystolic(registry);
  registerReram(registry); registerMemory(registry); registerInterconnect(registry);
  registerNeuromorphic(registry);
  return registry;
}
