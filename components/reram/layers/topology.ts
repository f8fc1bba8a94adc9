import { convToGemm } from '../../../workloads/gemm/conv.js';
import type { GemmLayersWorkload } from '../../../workloads/gemm/index.js';
import type { GemmLayer } from '../../../workloads/gemm/topology-csv.js';
import { outputSize } from '../../../workloads/layers/layer-list.js';
import type { NetLayer, Network } from '../../../workloads/layers/network.js';

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
    if (
      ofmap.ofmapH === outputSize(c.ifmapH, c.filterH, c.strideH, 0) &&
      ofmap.ofmapW === outputSize(c.ifmapW, c.filterW, c.strideW, 0)
    ) {
      return {
        kind: 'conv',
        name: g.name,
        input: [c.ifmapH, c.ifmapW, c.channels],
        outChannels: c.filters,
        kernel: c.filterH,
        stride: c.strideH,
        padding: 0,
        activation: 'relu',
        loc: g.loc,
      };
    }
  }
  return { kind: 'matrix', name: g.name, rows: g.K, cols: g.N, vectors: g.M, activation: 'relu', loc: g.loc };
}

/** A topology's layers as a network of one image. */
export function topologyNetwork(w: GemmLayersWorkload): Network {
  return { name: w.file, batch: 1, layers: w.layers.map(topologyLayer) };
}
