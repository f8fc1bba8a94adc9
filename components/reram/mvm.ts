import { HelenError, type Rng } from '../../core/index.js';
import { adcCode } from './converters.js';
import { CrossbarArray, type DeviceModel } from './crossbar-array.js';
import {
  checkEncoding,
  columnsPerWeight,
  inputRange,
  inputSlices,
  inputSliceValue,
  offsetColumnCoef,
  reservedColumns,
  weightColumnCoefs,
  weightLevels,
  weightRange,
  type InputEncoding,
  type InputSlice,
  type WeightEncoding,
} from './encoding.js';
import { ShiftAdd } from './shift-add.js';

/** Everything that fixes the values an MVM on crossbars produces. */
export interface MvmConfig extends WeightEncoding, InputEncoding {
  /** Rows of one crossbar. */
  rows: number;
  /** Physical columns of one crossbar. */
  cols: number;
  /** ADC resolution in bits. */
  adcBits: number;
  /** Column value per ADC step, in unit-cell steps (1 = counts exactly until it clips). */
  adcLsb: number;
  /** Conductances and non-idealities (its bitsPerCell must equal the encoding's). */
  device: Omit<DeviceModel, 'bitsPerCell'>;
}

/** The part of the logical matrix one crossbar holds. */
export interface CrossbarBlock {
  /** First logical row (input) mapped to the crossbar's row 0. */
  rowStart: number;
  rowCount: number;
  /** First logical column (output) of the crossbar. */
  colStart: number;
  colCount: number;
  array: CrossbarArray;
}

/** The values of one MVM and the work it took. */
export interface MvmResult {
  /** One value per logical column. */
  outputs: number[];
  /** ADC conversions performed. */
  conversions: number;
  /** Crossbar reads (one per crossbar per DAC cycle). */
  reads: number;
  /** Shift-and-add additions. */
  additions: number;
}

/** How a logical rows × cols weight matrix is cut into crossbars. */
export interface CrossbarTiling {
  /** Logical rows per crossbar. */
  rowsPerCrossbar: number;
  /** Logical weight columns per crossbar. */
  weightsPerCrossbar: number;
  rowBlocks: number;
  colBlocks: number;
  /** rowBlocks × colBlocks. */
  crossbars: number;
}

/** ISAAC-style tiling: rows are inputs, each weight takes columnsPerWeight physical columns. */
export function tileMatrix(
  logicalRows: number,
  logicalCols: number,
  c: Pick<MvmConfig, 'rows' | 'cols' | 'bitsPerCell' | 'weightBits' | 'signed'>,
): CrossbarTiling {
  const weightsPerCrossbar = Math.floor((c.cols - reservedColumns(c)) / columnsPerWeight(c));
  if (weightsPerCrossbar < 1) {
    throw new HelenError(
      'E_PARAM',
      `a ${c.cols}-column crossbar cannot hold one ${c.weightBits}-bit weight (${columnsPerWeight(c)} columns of ${c.bitsPerCell}-bit cells${reservedColumns(c) ? ' + an offset column' : ''})`,
    );
  }
  const rowBlocks = Math.ceil(logicalRows / c.rows);
  const colBlocks = Math.ceil(logicalCols / weightsPerCrossbar);
  return { rowsPerCrossbar: c.rows, weightsPerCrossbar, rowBlocks, colBlocks, crossbars: rowBlocks * colBlocks };
}

/**
 * A weight matrix programmed onto as many crossbars as it needs, and the
 * bit-serial MVM over them: per DAC cycle, every crossbar is read, every used
 * column converted by the ADC, and the codes shifted and added; partial sums
 * of row blocks are added digitally.
 */
export class MappedMatrix {
  readonly blocks: CrossbarBlock[] = [];
  readonly tiling: CrossbarTiling;
  private readonly slices: InputSlice[];
  private readonly coefs: number[];
  private readonly cpw: number;

  constructor(
    readonly weights: readonly (readonly number[])[],
    readonly config: MvmConfig,
    rng: Rng | undefined,
  ) {
    checkEncoding(config, config, 'crossbar');
    const logicalRows = weights.length;
    const logicalCols = weights[0]?.length ?? 0;
    if (logicalRows === 0 || logicalCols === 0) throw new HelenError('E_OP', 'mvm: the weight matrix is empty');
    const [lo, hi] = weightRange(config);
    for (const row of weights) {
      if (row.length !== logicalCols)
        throw new HelenError('E_OP', `mvm: weight rows must all have ${logicalCols} values`);
      for (const w of row) {
        if (!Number.isInteger(w) || w < lo || w > hi)
          throw new HelenError(
            'E_OP',
            `mvm: weight ${w} is outside ${lo}..${hi} (${config.weightBits}-bit, ${config.signed})`,
          );
      }
    }
    this.tiling = tileMatrix(logicalRows, logicalCols, config);
    this.slices = inputSlices(config);
    this.coefs = weightColumnCoefs(config);
    this.cpw = columnsPerWeight(config);
    const device: DeviceModel = { ...config.device, bitsPerCell: config.bitsPerCell };
    const { rowBlocks, colBlocks, weightsPerCrossbar } = this.tiling;
    for (let rb = 0; rb < rowBlocks; rb++) {
      for (let cb = 0; cb < colBlocks; cb++) {
        const rowStart = rb * config.rows;
        const colStart = cb * weightsPerCrossbar;
        const rowCount = Math.min(config.rows, logicalRows - rowStart);
        const colCount = Math.min(weightsPerCrossbar, logicalCols - colStart);
        const levels = new Map<number, number[]>();
        const levelAt = (r: number, c: number): number => {
          if (r >= rowCount) return 0;
          const j = Math.floor(c / this.cpw);
          if (j < colCount) {
            const key = r * colCount + j;
            let l = levels.get(key);
            if (!l) levels.set(key, (l = weightLevels(weights[rowStart + r]![colStart + j]!, config)));
            return l[c % this.cpw]!;
          }
          // The offset column (right after the weights) holds one step per row: its sum is Σ inputs.
          return config.signed === 'offset' && c === colCount * this.cpw ? 1 : 0;
        };
        const array = new CrossbarArray(config.rows, config.cols, device);
        array.program(levelAt, rng);
        this.blocks.push({ rowStart, rowCount, colStart, colCount, array });
      }
    }
  }

  /** Computes weightsᵀ·x through DACs, crossbars, ADCs and shift-and-add. */
  multiply(x: readonly number[], rng: Rng | undefined): MvmResult {
    const c = this.config;
    const logicalCols = this.weights[0]!.length;
    if (x.length !== this.weights.length)
      throw new HelenError('E_OP', `mvm: the input has ${x.length} values; the matrix has ${this.weights.length} rows`);
    const [lo, hi] = inputRange(c);
    for (const v of x) {
      if (!Number.isInteger(v) || v < lo || v > hi)
        throw new HelenError(
          'E_OP',
          `mvm: input ${v} is outside ${lo}..${hi} (${c.inputBits}-bit ${c.inputSigned ? 'signed' : 'unsigned'})`,
        );
    }
    const sum = new ShiftAdd(logicalCols);
    const dac = new Int32Array(c.rows);
    const column = new Float64Array(c.cols);
    const offsetCoef = offsetColumnCoef(c);
    let conversions = 0;
    let reads = 0;
    for (const b of this.blocks) {
      for (const s of this.slices) {
        dac.fill(0);
        for (let r = 0; r < b.rowCount; r++) dac[r] = inputSliceValue(x[b.rowStart + r]!, s);
        b.array.read(dac, rng, column);
        reads++;
        for (let j = 0; j < b.colCount; j++) {
          for (let p = 0; p < this.cpw; p++) {
            sum.add(b.colStart + j, adcCode(column[j * this.cpw + p]!, c.adcBits, c.adcLsb), s.coef * this.coefs[p]!);
          }
        }
        conversions += b.colCount * this.cpw;
        if (c.signed === 'offset') {
          const code = adcCode(column[b.colCount * this.cpw]!, c.adcBits, c.adcLsb);
          conversions++;
          for (let j = 0; j < b.colCount; j++) sum.add(b.colStart + j, code, s.coef * offsetCoef);
        }
      }
    }
    return { outputs: sum.result(c.adcLsb), conversions, reads, additions: sum.additions };
  }
}
