import type { HelenPlugin, Session } from '../../core/index.js';
import { memoryBuffer } from './buffer.js';
import { memoryDram } from './dram.js';
import { memoryBufferProperties, memoryDramProperties } from './properties.js';

/** The memory family as a plug-in: memory family: on-chip buffers and a simple DRAM */
export const memoryPlugin: HelenPlugin = {
  name: 'helen-memory',
  description: 'memory family: on-chip buffers and a simple DRAM',
  register(session: Session): void {
    const registry = session.registry;
    registry
      .register({ ...memoryBuffer, properties: memoryBufferProperties })
      .register({ ...memoryDram, properties: memoryDramProperties });
  },
};
