import type { ComponentRegistry } from '../../core/index.js';
import { genericGroup } from './group.js';
import { genericMemory } from './memory.js';
import { genericMemoryProperties, genericUnitProperties } from './properties.js';
import { genericUnit } from './unit.js';

/** Registers the generic family: group, unit, memory. */
export function registerGeneric(registry: ComponentRegistry): void {
  registry.register(genericGroup).register({ ...genericUnit, properties: genericUnitProperties }).register({ ...genericMemory, properties: genericMemoryProperties });
}
