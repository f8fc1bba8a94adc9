import type { SynapticDrive } from './messages.js';

/**
 * The existing synapses of a crossbar as CSR rows (row i's columns ascending,
 * with their realised weights, contiguous), and the drive of a presynaptic
 * batch read from them. Each column's sum is the same sequence of additions as
 * over the full dense row (rows in batch order, absent synapses adding
 * nothing), so the drive is the same numbers; only non-zero sums are sent.
 * Sums go to scratch arrays and the drive to a pooled buffer the receiver
 * releases: a batch allocates no typed array.
 */
export class SynapseRows {
  /** Row i's entries are rowStart[i] … rowStart[i+1]−1. */
  private readonly rowStart: Int32Array;
  private readonly colIndex: Int32Array;
  /** Realised weight of each entry, mV. */
  private readonly weightMv: Float64Array;
  /** Per-batch scratch, zero between batches: summed drive per column, whether a column is touched, and which. */
  private readonly acc: Float64Array;
  private readonly mark: Uint8Array;
  private readonly touched: Int32Array;
  private readonly spares: DriveBuffer[] = [];

  /** From row-major `connected` flags and weights of a rows × cols crossbar. */
  constructor(
    rows: number,
    private readonly cols: number,
    connected: Uint8Array,
    weightsMv: Float64Array,
  ) {
    this.rowStart = new Int32Array(rows + 1);
    let entries = 0;
    for (let k = 0; k < connected.length; k++) entries += connected[k]!;
    this.colIndex = new Int32Array(entries);
    this.weightMv = new Float64Array(entries);
    let at = 0;
    for (let i = 0; i < rows; i++) {
      for (let j = 0, k = i * cols; j < cols; j++, k++) {
        if (!connected[k]) continue;
        this.colIndex[at] = j;
        this.weightMv[at++] = weightsMv[k]!;
      }
      this.rowStart[i + 1] = at;
    }
    this.acc = new Float64Array(cols);
    this.mark = new Uint8Array(cols);
    this.touched = new Int32Array(cols);
  }

  /** Sets the realised weight of synapse (row, col), which exists (a binary search: its row's columns ascend). */
  setWeight(row: number, col: number, weightMv: number): void {
    let lo = this.rowStart[row]!;
    let hi = this.rowStart[row + 1]! - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.colIndex[mid]! < col) lo = mid + 1;
      else hi = mid;
    }
    this.weightMv[lo] = weightMv;
  }

  /**
   * The drive of the rows `sources` (valid, `sops` synapses in all), columns
   * ascending: a batch that reaches many columns sums without bookkeeping and
   * collects in one pass over the columns; a small one lists the columns it
   * reaches and sorts them.
   */
  read(sources: Int32Array, sops: number, delayCycles: number): SynapticDrive {
    const n = 8 * sops > this.cols ? this.denseRead(sources) : this.sparseRead(sources);
    const buffer = this.buffer;
    this.buffer = undefined;
    return {
      delayCycles,
      dIMv: buffer!.dIMv.subarray(0, n),
      columns: buffer!.columns.subarray(0, n),
      neurons: this.cols,
      release: buffer!.release,
    };
  }

  /** The buffer the last read filled. */
  private buffer: DriveBuffer | undefined;

  private take(): DriveBuffer {
    return (this.buffer = this.spares.pop() ?? new DriveBuffer(this.cols, this.spares));
  }

  private denseRead(sources: Int32Array): number {
    const { rowStart, colIndex, weightMv: w, acc } = this;
    for (let s = 0; s < sources.length; s++) {
      const i = sources[s]!;
      for (let k = rowStart[i]!, end = rowStart[i + 1]!; k < end; k++) acc[colIndex[k]!]! += w[k]!;
    }
    const { columns, dIMv } = this.take();
    let n = 0;
    for (let j = 0; j < acc.length; j++) {
      const d = acc[j]!;
      if (d === 0) continue;
      columns[n] = j;
      dIMv[n++] = d;
      acc[j] = 0;
    }
    return n;
  }

  private sparseRead(sources: Int32Array): number {
    const { rowStart, colIndex, weightMv: w, acc, mark, touched } = this;
    let count = 0;
    for (let s = 0; s < sources.length; s++) {
      const i = sources[s]!;
      for (let k = rowStart[i]!, end = rowStart[i + 1]!; k < end; k++) {
        const j = colIndex[k]!;
        if (mark[j] === 0) {
          mark[j] = 1;
          touched[count++] = j;
        }
        acc[j]! += w[k]!;
      }
    }
    touched.subarray(0, count).sort();
    const { columns, dIMv } = this.take();
    let n = 0;
    for (let k = 0; k < count; k++) {
      const j = touched[k]!;
      const d = acc[j]!;
      acc[j] = 0;
      mark[j] = 0;
      if (d === 0) continue;
      columns[n] = j;
      dIMv[n++] = d;
    }
    return n;
  }
}

/** Room for one sparse drive, back in its spares when the receiver releases it (one never released is left to the collector). */
class DriveBuffer {
  readonly columns: Int32Array;
  readonly dIMv: Float64Array;

  constructor(
    cols: number,
    private readonly spares: DriveBuffer[],
  ) {
    this.columns = new Int32Array(cols);
    this.dIMv = new Float64Array(cols);
  }

  readonly release = (): void => {
    this.spares.push(this);
  };
}
