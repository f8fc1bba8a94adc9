import type { LegacyReader } from '../legacy.js';
import { type Component, type Elaboration } from '../../core/index.js';
import { Ima } from '../../components/reram/ima.js';
import { convToGemm } from '../gemm/conv.js';
import { scalesimTopologyReader } from '../gemm/index.js';
import { readTopology, type GemmLayer } from '../gemm/topology-csv.js';

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

/** A topology CSV as a network of one image. */
export function readTopologyNetwork(file: string): Network {
  return { name: file, batch: 1, layers: readTopology(file).layers.map(topologyLayer) };
}

const hasImas = (model: Elaboration) => (model.sim.components as Component[]).some((c) => c instanceof Ima);

/**
 * SCALE-Sim topology CSVs on whatever the architecture is: on a chip with
 * reram.ima components the layers are mapped onto IMAs and run by the ReRAM
 * layer driver; otherwise the systolic reader runs them. It claims exactly the
 * files the systolic reader claims (its `matches`), and is registered before it.
 */
export const reramTopologyReader: LegacyReader = {
  format: 'topology-csv',
  description: 'SCALE-Sim topology CSV: on ReRAM chips (reram.ima) mapped onto IMAs, one phase per layer; otherwise on a systolic.array',
  matches: (file) => scalesimTopologyReader.matches(file),
  open: (file, model) => {
    if (!hasImas(model)) return scalesimTopologyReader.open(file, model);
    return new ReramLayerDriver(readTopologyNetwork(file), model, file);
  },
};
