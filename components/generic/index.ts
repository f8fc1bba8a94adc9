import type { ComponentRegistry } from '../../core/index.js';
import { genericGroup } from './group.js';
import { genericMemory } from './memory.js';
import { genericUnit } from './unit.js';

/** Registers the generic family: group, unit, memory. */
export function registerGeneric(registry: ComponentRegistry): void {
  registry.register(genericGroup).register(genericUnit).register(genericMemory);
}
