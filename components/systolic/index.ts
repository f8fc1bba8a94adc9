import { systolicGemmLayersDriver } from './gemm-layers-driver.js';
import { systolicLayersDriver } from './layers-driver.js';
import { systolicLlmDriver } from './llm/driver.js';
import { rooflineView } from './roofline-view.js';
import type { HelenPlugin, Session } from '../../core/index.js';
import { systolicArray } from './array.js';
import { systolicArrayProperties, systolicEngineProperties } from './properties.js';
import { systolicEngine } from './engine.js';
import { systolicHbm } from './hbm.js';
import { systolicSram } from './sram.js';
import { systolicVector } from './vector-unit.js';
import { scalesimCfgReader } from './scalesim-cfg/index.js';

export * from './dataflow.js';
export * from './fold-model.js';
export * from './matrix.js';
export { DetailedGemm, simulateGemm } from './detailed/detailed-gemm.js';
export { SystolicArray, systolicArray, arrayAreaMm2 } from './array.js';
export * from './tile-pipeline.js';
export * from './gemm-mapper.js';
export * from './roofline.js';
export * from './scalesim-cfg/index.js';
export { Hbm, systolicHbm } from './hbm.js';
export { Sram, systolicSram, sramAreaMm2 } from './sram.js';
export { VectorUnit, systolicVector, vectorAreaMm2 } from './vector-unit.js';
export {
  SystolicEngine,
  systolicEngine,
  TENSOR_KINDS,
  type TensorKind,
  type EngineGemmArgs,
  type EngineVectorArgs,
} from './engine.js';
export { LlmDriver, systolicLlmDriver, findLlmEngine } from './llm/driver.js';
export { systolicLayersDriver } from './layers-driver.js';
export { LayerDriver, type LayerStep, type StepOperation } from './gemm-layers-driver.js';
export * from './llm/roofline-table.js';
export * from './llm/summary.js';
export { SERVING_COUNTERS } from './llm/serving-counters.js';

/** The systolic family as a plug-in: its component types, the GEMM-layer and LLM drivers, and the roofline view. */
export const systolicPlugin: HelenPlugin = {
  name: 'helen-systolic',
  description:
    'systolic family: systolic.array, .engine, .sram, .hbm, .vector; drivers for GEMM and neutral layer lists and LLM serving',
  register(session: Session): void {
    const registry = session.registry;
    session.addView(rooflineView);
    session.addDriver(systolicGemmLayersDriver).addDriver(systolicLayersDriver).addDriver(systolicLlmDriver);
    session.addArchitectureReader(scalesimCfgReader);
    registry
      .register({ ...systolicArray, properties: systolicArrayProperties })
      .register({ ...systolicEngine, properties: systolicEngineProperties })
      .register(systolicSram)
      .register(systolicHbm)
      .register(systolicVector);
  },
};
