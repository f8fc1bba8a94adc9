import { HelenError } from '../../core/index.js';
import type { CrossbarTiling } from './mvm.js';

/** A layer as a weight matrix: rows (inputs per output), cols (outputs per vector), vectors to multiply. */
export interface MatrixLayer {
  name: string;
  rows: number;
  cols: number;
  /** Input vectors (output pixels of a convolution, batch of a fully-connected layer). */
  vectors: number;
}

/** The rectangle of a layer's matrix one IMA holds. */
export interface ImaPart {
  /** Index of the IMA in the list given to the planner. */
  ima: number;
  rows: number;
  cols: number;
  /** Vectors this IMA multiplies. */
  vectors: number;
  /** Which copy of the weights the part belongs to. */
  copy: number;
}

/** How one layer is spread over IMAs. */
export interface LayerPlan {
  layer: MatrixLayer;
  /** IMAs one copy of the weights takes. */
  imasPerCopy: number;
  /** Copies of the weights (ISAAC replicates layers to balance the pipeline). */
  copies: number;
  parts: ImaPart[];
}

/**
 * ISAAC-style mapping: each layer's matrix (rows = K·K·C_in, cols = C_out) is
 * cut into crossbars, crossbars are grouped into rectangles of at most
 * `crossbarsPerIma`, one rectangle per IMA. Every layer first gets one copy;
 * the IMAs left over then go, one copy at a time, to the layer with the most
 * vectors per copy (its weights are replicated and its vectors split), so the
 * slowest layer is sped up first. All weights stay resident: a network that does
 * not fit is an error.
 */
export function planLayers(
  layers: readonly MatrixLayer[],
  tiling: (rows: number, cols: number) => CrossbarTiling,
  crossbarsPerIma: number,
  imaCount: number,
): LayerPlan[] {
  const shapes = layers.map((layer) => {
    const t = tiling(layer.rows, layer.cols);
    const rowChunk = Math.min(t.rowBlocks, crossbarsPerIma);
    const colChunk = Math.max(1, Math.floor(crossbarsPerIma / rowChunk));
    const rects: { rows: number; cols: number }[] = [];
    for (let r = 0; r < t.rowBlocks; r += rowChunk) {
      for (let c = 0; c < t.colBlocks; c += colChunk) {
        rects.push({
          rows: Math.min(rowChunk * t.rowsPerCrossbar, layer.rows - r * t.rowsPerCrossbar),
          cols: Math.min(colChunk * t.weightsPerCrossbar, layer.cols - c * t.weightsPerCrossbar),
        });
      }
    }
    return { layer, rects, copies: 1 };
  });
  let used = shapes.reduce((a, s) => a + s.rects.length, 0);
  if (used > imaCount) {
    throw new HelenError(
      'E_WORKLOAD',
      `the network's weights need ${used} IMAs (${shapes.map((s) => `${s.layer.name}: ${s.rects.length}`).join(', ')}); the architecture has ${imaCount}`,
    );
  }
  for (;;) {
    let best: (typeof shapes)[number] | undefined;
    for (const s of shapes) {
      if (s.copies >= s.layer.vectors || used + s.rects.length > imaCount) continue;
      if (!best || s.layer.vectors / s.copies > best.layer.vectors / best.copies) best = s;
    }
    if (!best) break;
    best.copies++;
    used += best.rects.length;
  }
  let next = 0;
  return shapes.map((s) => {
    const parts: ImaPart[] = [];
    for (let copy = 0; copy < s.copies; copy++) {
      const vectors = Math.floor(s.layer.vectors / s.copies) + (copy < s.layer.vectors % s.copies ? 1 : 0);
      for (const r of s.rects) parts.push({ ima: next++, rows: r.rows, cols: r.cols, vectors, copy });
    }
    return { layer: s.layer, imasPerCopy: s.rects.length, copies: s.copies, parts };
  });
}
