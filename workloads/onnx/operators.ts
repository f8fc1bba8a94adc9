import { convertBatchNorm } from './batch-norm.js';
import { convertConv, convertConvTranspose } from './convolution.js';
import { convertGemm, convertMatMul } from './dense.js';
import { convertActivation, convertAdd } from './folding.js';
import type { NodeConverter } from './graph.js';
import { convertAveragePool, convertGlobalPool, convertMaxPool } from './pooling.js';
import { convertConstant, convertFlatten, convertReshape, passThrough } from './shape-ops.js';

/** The ONNX operators Helen reads, each to a layer, a fold into one, or a shape change. */
export const ONNX_OPERATORS: Readonly<Record<string, NodeConverter>> = {
  Conv: convertConv,
  ConvTranspose: convertConvTranspose,
  Gemm: convertGemm,
  MatMul: convertMatMul,
  MaxPool: convertMaxPool,
  AveragePool: convertAveragePool,
  GlobalAveragePool: convertGlobalPool,
  GlobalMaxPool: convertGlobalPool,
  Add: convertAdd,
  BatchNormalization: convertBatchNorm,
  Relu: convertActivation('relu'),
  Sigmoid: convertActivation('sigmoid'),
  Flatten: convertFlatten,
  Reshape: convertReshape,
  Identity: passThrough,
  Dropout: passThrough,
  Constant: convertConstant,
};
