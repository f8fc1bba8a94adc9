import type { ComponentRegistry } from '../../core/index.js';
import { memoryBuffer } from './buffer.js';
import { memoryDram } from './dram.js';
import { memoryBufferProperties, memoryDramProperties } from './properties.js';

/** Registers the memory family: on-chip buffers and a simple DRAM. */
export function registerMemory(registry: ComponentRegistry): void {
  registry.register({ ...memoryBuffer, properties: memoryBufferProperties }).register({ ...memoryDram, properties: memoryDramProperties });
}
