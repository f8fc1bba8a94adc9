import { ComponentRegistry } from '../core/index.js';
import { registerGeneric } from './generic/index.js';

/** A registry holding every component family Helen ships. */
export function defaultRegistry(): ComponentRegistry {
  const registry = new ComponentRegistry();
  registerGeneric(registry);
  return registry;
}
