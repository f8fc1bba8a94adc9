import type { SynapticDrive } from './messages.js';

/** Inputs waiting for one edge: increments per neuron and which neurons have one. */
export interface PendingEdge {
  cycle: number;
  dIMv: Float64Array;
  /**
   * Neurons with an input, in arrival order, in the first `touchedCount` entries;
   * a neuron appears again only if its contributions cancelled to 0 in between.
   */
  touched: Int32Array;
  touchedCount: number;
  /** Whether `touched` is strictly ascending (then it has no repeats): true for one drive, or several that touch disjoint, ordered ranges. */
  touchedAscending: boolean;
}

/**
 * The edges of one population that have inputs not yet sampled, ascending,
 * each a dense increment per neuron plus the list of neurons it touches.
 * Sampled edges are zeroed where they were set and reused, so a dense input
 * stream allocates nothing per edge.
 */
export class PendingEdges {
  /** Edges with inputs not yet sampled, ascending; as many as the largest delay, so a list. */
  readonly list: PendingEdge[] = [];
  private readonly spares: PendingEdge[] = [];

  constructor(private readonly size: number) {}

  /** The inputs waiting for `cycle`, or undefined; `created` is told when a new edge is opened. */
  edgeFor(cycle: number, created: (cycle: number) => void): PendingEdge {
    const list = this.list;
    // Inputs mostly go to the latest pending edge (one delay per projection), so search from the end.
    let k = list.length;
    while (k > 0 && list[k - 1]!.cycle > cycle) k--;
    if (k > 0 && list[k - 1]!.cycle === cycle) return list[k - 1]!;
    const e = this.spares.pop() ?? {
      cycle,
      dIMv: new Float64Array(this.size),
      touched: new Int32Array(this.size),
      touchedCount: 0,
      touchedAscending: true,
    };
    e.cycle = cycle;
    list.splice(k, 0, e);
    created(cycle);
    return e;
  }

  /** Removes and returns the inputs of `cycle` if they are the first pending (edges are sampled in order). */
  take(cycle: number): PendingEdge | undefined {
    return this.list.length > 0 && this.list[0]!.cycle === cycle ? this.list.shift() : undefined;
  }

  /** The earliest edge still waiting for inputs. */
  get first(): PendingEdge | undefined {
    return this.list[0];
  }

  /** Adds a drive's increments to edge `e`: every non-zero one, in neuron order (dense or sparse form). */
  add(e: PendingEdge, m: SynapticDrive): void {
    const acc = e.dIMv;
    const src = m.dIMv;
    const columns = m.columns;
    if (columns && e.touchedCount === 0) {
      // The edge's first drive, sparse: its columns ascend, so they are the touched list as they stand.
      let count = 0;
      const touched = e.touched;
      for (let k = 0; k < columns.length; k++) {
        const d = src[k]!;
        if (d === 0) continue;
        const j = columns[k]!;
        acc[j] = d;
        touched[count++] = j;
      }
      e.touchedCount = count;
      return;
    }
    let touched = e.touched;
    let count = e.touchedCount;
    let ascending = e.touchedAscending;
    const n = columns ? columns.length : src.length;
    for (let k = 0; k < n; k++) {
      const d = src[k]!;
      if (d === 0) continue;
      const j = columns ? columns[k]! : k;
      if (acc[j] === 0) {
        // Room for every neuron once; only sums that cancel exactly to 0 and come back can need more.
        if (count === touched.length) {
          const grown = new Int32Array(2 * count);
          grown.set(touched);
          e.touched = touched = grown;
        }
        if (count > 0 && touched[count - 1]! >= j) ascending = false;
        touched[count++] = j;
      }
      acc[j]! += d;
      // Contributions that cancel exactly still count as touched: harmless, the input is then 0.
    }
    e.touchedCount = count;
    e.touchedAscending = ascending;
  }

  /** Zeroes a sampled edge's inputs (only where they were set) and keeps it for reuse. */
  recycle(e: PendingEdge): void {
    const touched = e.touched;
    for (let k = 0; k < e.touchedCount; k++) e.dIMv[touched[k]!] = 0;
    e.touchedCount = 0;
    e.touchedAscending = true;
    this.spares.push(e);
  }

  /**
   * The first edge still waiting for inputs that holds one for neuron j;
   * Infinity if none. A non-zero sum means j is on that edge's touched list (so
   * it will be evaluated there); a sum that cancelled to 0 is conservatively ignored.
   */
  nextInputCycle(j: number): number {
    const list = this.list;
    for (let k = 0; k < list.length; k++) if (list[k]!.dIMv[j] !== 0) return list[k]!.cycle;
    return Infinity;
  }
}
