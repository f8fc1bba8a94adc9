import type { ComponentRegistry } from '../../core/index.js';
import { memoryBuffer } from './buffer.js';
import { memoryDram } from './dram.js';

/** Registers the memory family: on-chip buffers and a simple DRAM. */
export function registerMemory(registry: ComponentRegistry): void {
  registry.register(memoryBuffer).register(memoryDram);
}
