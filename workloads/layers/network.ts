import type { SourceLocation } from '../../core/index.js';
import type { Activation, Layer } from './layer-list.js';

/** A layer known only as a matrix (a GEMM, or a convolution read from a topology CSV that has no square shape). */
export interface MatrixNetLayer {
  kind: 'matrix';
  name: string;
  /** Inputs per output (K·K·C_in). */
  rows: number;
  /** Outputs per vector. */
  cols: number;
  /** Input vectors per input image. */
  vectors: number;
  activation: Activation;
  loc: SourceLocation;
}

/** Any layer of a neutral network: a layer-list layer, or a bare matrix. */
export type NetLayer = Layer | MatrixNetLayer;

/** A network and how many inputs go through it. */
export interface Network {
  name: string;
  batch: number;
  layers: readonly NetLayer[];
}
