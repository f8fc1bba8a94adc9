import { columnsPerWeight, reservedColumns, type InputSlice, type WeightEncoding } from './encoding.js';
import type { CrossbarTiling } from './mvm.js';

/** What one input vector costs an IMA: counts per DAC cycle and per vector. */
export interface MvmWork {
  /** DAC cycles per input vector. */
  dacCycles: number;
  /** Crossbar reads per DAC cycle (crossbars in use). */
  readsPerCycle: number;
  /** Rows driven per DAC cycle, over all crossbars (DAC conversions). */
  rowDrivesPerCycle: number;
  /** Columns sampled and converted per DAC cycle, over all crossbars. */
  conversionsPerCycle: number;
  /** Conversions of the busiest ADC per DAC cycle (its shared columns in use). */
  busiestAdcConversions: number;
  /** Shift-and-add additions per DAC cycle. */
  additionsPerCycle: number;
  /** Input-register bytes read per vector. */
  inputBytes: number;
}

/**
 * The work an MVM of a logical rows × cols matrix tiled as `t` implies, the
 * same counts the value model (`MappedMatrix.multiply`) performs, so timing-only
 * runs and value runs cost the same.
 */
export function mvmWork(
  logicalRows: number,
  logicalCols: number,
  t: CrossbarTiling,
  enc: WeightEncoding,
  slices: readonly InputSlice[],
  columnsPerAdc: number,
): MvmWork {
  const cpw = columnsPerWeight(enc);
  let rowDrives = 0;
  let conversions = 0;
  let additions = 0;
  let busiest = 0;
  let inputBits = 0;
  const totalBits = slices.reduce((a, s) => a + s.bits, 0);
  for (let rb = 0; rb < t.rowBlocks; rb++) {
    const rowCount = Math.min(t.rowsPerCrossbar, logicalRows - rb * t.rowsPerCrossbar);
    for (let cb = 0; cb < t.colBlocks; cb++) {
      const colCount = Math.min(t.weightsPerCrossbar, logicalCols - cb * t.weightsPerCrossbar);
      const used = colCount * cpw + reservedColumns(enc);
      rowDrives += rowCount;
      conversions += used;
      additions += colCount * cpw + (enc.signed === 'offset' ? colCount : 0);
      busiest = Math.max(busiest, Math.min(columnsPerAdc, used));
      inputBits += rowCount * totalBits;
    }
  }
  return {
    dacCycles: slices.length,
    readsPerCycle: t.crossbars,
    rowDrivesPerCycle: rowDrives,
    conversionsPerCycle: conversions,
    busiestAdcConversions: busiest,
    additionsPerCycle: additions,
    inputBytes: Math.ceil(inputBits / 8),
  };
}

/** Cells a rows × cols matrix tiled as `t` occupies (weights and offset columns): what programming it writes. */
export function cellsWritten(logicalRows: number, logicalCols: number, t: CrossbarTiling, enc: WeightEncoding): number {
  const cpw = columnsPerWeight(enc);
  let cells = 0;
  for (let rb = 0; rb < t.rowBlocks; rb++) {
    const rowCount = Math.min(t.rowsPerCrossbar, logicalRows - rb * t.rowsPerCrossbar);
    for (let cb = 0; cb < t.colBlocks; cb++) {
      const colCount = Math.min(t.weightsPerCrossbar, logicalCols - cb * t.weightsPerCrossbar);
      cells += rowCount * (colCount * cpw + reservedColumns(enc));
    }
  }
  return cells;
}
