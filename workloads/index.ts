import { llmWorkloadReader } from './llm/index.js';
import { layerListReader } from './layers/index.js';
import type { HelenPlugin } from '../core/index.js';
import { onnxReader } from './onnx/index.js';
import { opTraceReader } from './op-trace.js';
import { scalesimTopologyReader } from './gemm/index.js';
import { timeloopProblemReader } from './timeloop/index.js';

export * from './op-trace.js';

/**
 * Helen's hardware-neutral workload readers as one plug-in: files into
 * neutral forms (operation traces, GEMM lists, …). Which hardware runs a form
 * is up to the drivers families register.
 */
export const workloadFormats: HelenPlugin = {
  name: 'helen-formats',
  description: 'workload file formats read into hardware-neutral forms',
  register(session) {
    session
      .addReader(opTraceReader)
      .addReader(scalesimTopologyReader)
      .addReader(layerListReader)
      .addReader(llmWorkloadReader)
      .addReader(timeloopProblemReader)
      .addReader(onnxReader);
  },
};
