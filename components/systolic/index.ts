import type { ComponentRegistry } from '../../core/index.js';
import { systolicArray } from './array.js';

export * from './dataflow.js';
export * from './fold-model.js';
export * from './matrix.js';
export { DetailedGemm, simulateGemm } from './detailed/detailed-gemm.js';
export { SystolicArray, systolicArray } from './array.js';

/** Registers the systolic family: systolic.array. */
export function registerSystolic(registry: ComponentRegistry): void {
  registry.register(systolicArray);
}
