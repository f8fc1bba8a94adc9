/** A convolution layer as SCALE-Sim's topology files describe it (NHWC, one image, no padding). */
export interface ConvLayer {
  /** Input feature map height. */
  ifmapH: number;
  /** Input feature map width. */
  ifmapW: number;
  /** Filter height. */
  filterH: number;
  /** Filter width. */
  filterW: number;
  /** Input channels. */
  channels: number;
  /** Number of filters (output channels). */
  filters: number;
  /** Vertical stride. */
  strideH: number;
  /** Horizontal stride. */
  strideW: number;
}

/** The GEMM a convolution lowers to (im2col), with its output feature map size. */
export interface ConvGemm {
  /** Output pixels: ofmapH × ofmapW. */
  M: number;
  /** Filters. */
  N: number;
  /** Window size: filterH × filterW × channels. */
  K: number;
  ofmapH: number;
  ofmapW: number;
}

/**
 * SCALE-Sim v2's lowering (topology_utils.topo_calc_hyperparams):
 * ofmap = ceil((ifmap − filter + stride) / stride) per axis; M = ofmap
 * pixels, N = filters, K = filter window × channels. This is the textbook
 * valid convolution when the stride divides (ifmap − filter); otherwise
 * SCALE-Sim counts one more window, overhanging the edge (230×230 with 7×7
 * stride 2 gives 113, not 112), and so do we, to keep its cycle counts.
 */
export function convToGemm(l: ConvLayer): ConvGemm {
  const ofmapH = Math.ceil((l.ifmapH - l.filterH + l.strideH) / l.strideH);
  const ofmapW = Math.ceil((l.ifmapW - l.filterW + l.strideW) / l.strideW);
  return { M: ofmapH * ofmapW, N: l.filters, K: l.filterH * l.filterW * l.channels, ofmapH, ofmapW };
}
