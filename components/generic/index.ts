import { opTraceDriver } from './op-trace-driver.js';
import type { HelenPlugin, Session } from '../../core/index.js';
import { genericGroup } from './group.js';
import { genericMemory } from './memory.js';
import { genericMemoryProperties, genericUnitProperties } from './properties.js';
import { genericUnit } from './unit.js';

/** The generic family as a plug-in: generic family: group, unit, memory */
export const genericPlugin: HelenPlugin = {
  name: 'helen-generic',
  description: 'generic family: group, unit, memory',
  register(session: Session): void {
    const registry = session.registry;
    session.addDriver(opTraceDriver);
    registry
      .register(genericGroup)
      .register({ ...genericUnit, properties: genericUnitProperties })
      .register({ ...genericMemory, properties: genericMemoryProperties });
  },
};
