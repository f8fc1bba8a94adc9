import { HelenError } from '../../../core/index.js';
import type { CrossbarTiling } from '../mvm.js';

/** What is placed as a whole: one layer's matrices (RED: its s² phase sub-kernels), replicated together. */
export interface PlacementUnit {
  name: string;
  matrices: readonly { rows: number; cols: number }[];
  /** Vectors one copy would stream (the replication priority, as in ISAAC). */
  vectors: number;
}

/** The rectangle of one matrix that one IMA holds, in one copy of its unit. */
export interface PlacedPart {
  ima: number;
  matrix: number;
  copy: number;
  /** First matrix row and column of the rectangle. */
  rowStart: number;
  rows: number;
  colStart: number;
  cols: number;
}

/** How one unit is spread over IMAs. */
export interface UnitPlacement {
  unit: PlacementUnit;
  /** Copies of all the unit's weights. */
  copies: number;
  /** IMAs one copy takes. */
  imasPerCopy: number;
  parts: PlacedPart[];
}

/**
 * The rule of `planLayers` (components/reram/mapping.ts), extended to units of
 * several matrices and to parts that know their row/column offsets (RED needs
 * them to tell which rows a border block skips): each matrix is cut into
 * crossbars, grouped into rectangles of at most `crossbarsPerIma`, one per IMA;
 * with `replicate`, IMAs left over go one copy at a time to the unit with the
 * most vectors per copy. A unit that does not fit is an error.
 */
export function placeUnits(
  units: readonly PlacementUnit[],
  tiling: (rows: number, cols: number) => CrossbarTiling,
  crossbarsPerIma: number,
  imaCount: number,
  replicate: boolean,
): UnitPlacement[] {
  const shapes = units.map((unit) => {
    const rects: Omit<PlacedPart, 'ima' | 'copy'>[] = [];
    unit.matrices.forEach((m, matrix) => {
      const t = tiling(m.rows, m.cols);
      const rowChunk = Math.min(t.rowBlocks, crossbarsPerIma);
      const colChunk = Math.max(1, Math.floor(crossbarsPerIma / rowChunk));
      for (let r = 0; r < t.rowBlocks; r += rowChunk) {
        for (let c = 0; c < t.colBlocks; c += colChunk) {
          const rowStart = r * t.rowsPerCrossbar;
          const colStart = c * t.weightsPerCrossbar;
          rects.push({
            matrix,
            rowStart,
            rows: Math.min(rowChunk * t.rowsPerCrossbar, m.rows - rowStart),
            colStart,
            cols: Math.min(colChunk * t.weightsPerCrossbar, m.cols - colStart),
          });
        }
      }
    });
    return { unit, rects, copies: 1 };
  });
  let used = shapes.reduce((a, s) => a + s.rects.length, 0);
  if (used > imaCount) {
    throw new HelenError(
      'E_WORKLOAD',
      `the weights need ${used} IMAs (${shapes.map((s) => `${s.unit.name}: ${s.rects.length}`).join(', ')}); the architecture has ${imaCount}`,
    );
  }
  while (replicate) {
    let best: (typeof shapes)[number] | undefined;
    for (const s of shapes) {
      if (s.copies >= s.unit.vectors || used + s.rects.length > imaCount) continue;
      if (!best || s.unit.vectors / s.copies > best.unit.vectors / best.copies) best = s;
    }
    if (!best) break;
    best.copies++;
    used += best.rects.length;
  }
  let next = 0;
  return shapes.map((s) => {
    const parts: PlacedPart[] = [];
    for (let copy = 0; copy < s.copies; copy++) for (const r of s.rects) parts.push({ ...r, ima: next++, copy });
    return { unit: s.unit, copies: s.copies, imasPerCopy: s.rects.length, parts };
  });
}

/**
 * Items of the run [offset, offset + n) that copy `copy` of `copies` takes when
 * items are dealt round-robin (item k to copy k mod copies). Dealing the border
 * classes of RED in one global order keeps the copies balanced: dealing each
 * small class from copy 0 would pile them all on the first copy.
 */
export function copyShare(offset: number, n: number, copies: number, copy: number): number {
  const upTo = (m: number) => (m > copy ? Math.floor((m - 1 - copy) / copies) + 1 : 0);
  return upTo(offset + n) - upTo(offset);
}
