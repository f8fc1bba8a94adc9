/**
 * Trained weights a workload file carried for one matrix layer (conv, deconv,
 * fc), laid out as the layer's weight matrix: `rows` inputs × `cols` outputs,
 * row-major. A fully-connected layer's row i is input feature i; a
 * (de)convolution's row is (kernelRow·K + kernelColumn)·inChannels + inChannel.
 */
export interface LayerWeights {
  /** Inputs of the matrix (in_features, or K·K·in_channels). */
  rows: number;
  /** Outputs of the matrix (out_features or out_channels). */
  cols: number;
  /** rows × cols values, row-major. */
  values: Float32Array;
  /** One bias per output, when the file has one. */
  bias?: Float32Array;
}
