import type { Component, DriverType, Elaboration } from '../../core/index.js';
import { Ima } from '../../components/reram/ima.js';
import { convToGemm } from '../gemm/conv.js';
import type { GemmLayersWorkload } from '../gemm/index.js';
import type { GemmLayer } from '../gemm/topology-csv.js';

import { outputSize } from './layer-list.js';
import type { NetLayer, Network } from './network.js';
import { ReramLayerDriver } from './reram-driver.js';

/**
 * A SCALE-Sim topology layer as a ReRAM layer. A square, evenly strided
 * convolution whose SCALE-Sim output size is the textbook one becomes a conv
 * layer (so the next layer can start on its first rows); anything else, and
 * GEMMs, become matrix layers (rows = K, cols = N, vectors = M).
 */
export function topologyLayer(g: GemmLayer): NetLayer {
  const c = g.conv;
  if (c && c.filterH === c.filterW && c.strideH === c.strideW) {
    const ofmap = convToGemm(c);
    if (ofmap.ofmapH === outputSize(c.ifmapH, c.filterH, c.strideH, 0) && ofmap.ofmapW === outputSize(c.ifmapW, c.filterW, c.strideW, 0)) {
      return { kind: 'conv', name: g.name, input: [c.ifmapH, c.ifmapW, c.channels], outChannels: c.filters, kernel: c.filterH, stride: c.strideH, padding: 0, activation: 'relu', loc: g.loc };
    }
  }
  return { kind: 'matrix', name: g.name, rows: g.K, cols: g.N, vectors: g.M, activation: 'relu', loc: g.loc };
}

/** A topology's layers as a network of one image. */
export function topologyNetwork(w: GemmLayersWorkload): Network {
  return { name: w.file, batch: 1, layers: w.layers.map(topologyLayer) };
}

const hasImas = (model: Elaboration) => (model.sim.components as Component[]).some((c) => c instanceof Ima);

/** GEMM layer lists (SCALE-Sim topologies) on a ReRAM chip: each layer mapped onto reram.ima crossbars, one phase per layer. */
export const reramGemmLayersDriver: DriverType<GemmLayersWorkload> = {
  name: 'reram-gemm-layers',
  description: 'GEMM layers mapped onto the reram.ima crossbars of a ReRAM chip (ISAAC-style), one phase per layer',
  accepts: 'gemm-layers',
  fits: hasImas,
  open: (w, model) => new ReramLayerDriver(topologyNetwork(w), model, w.file),
};
