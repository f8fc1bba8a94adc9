/**
 * A linear pipeline of stages with fixed times, fed items in order: item t
 * enters stage k when stage k has finished item t−1 and stage k−1 has
 * finished item t. Stage state is kept across batches, so back-to-back
 * operations overlap the way the hardware's stages do.
 */
export class StagePipeline {
  /** Cycle at which each stage finished its last item. */
  readonly freeAt: number[];

  constructor(stages: number) {
    this.freeAt = new Array<number>(stages).fill(0);
  }

  /**
   * Runs `items` items, all available from cycle `start`, through stages taking
   * `times[k]` cycles each; returns the cycle the last item leaves the last stage.
   * Closed form of the recurrence e_k(t) = max(e_k(t−1), e_{k−1}(t)) + T_k
   * (a longest path in max-plus algebra): e_k(n−1) is the largest of
   * start + Σ_{0..k} T + (n−1)·max_{0..k} T and, for each j ≤ k,
   * freeAt_j + Σ_{j..k} T + (n−1)·max_{j..k} T. O(stages²), whatever n is.
   */
  run(start: number, times: readonly number[], items: number): number {
    if (items <= 0) return start;
    const k = times.length;
    const ends: number[] = [];
    for (let last = 0; last < k; last++) {
      let best = -Infinity;
      for (let j = -1; j <= last; j++) {
        const from = j < 0 ? 0 : j;
        let sum = 0;
        let max = 0;
        for (let i = from; i <= last; i++) {
          sum += times[i]!;
          if (times[i]! > max) max = times[i]!;
        }
        const origin = j < 0 ? start : this.freeAt[j]!;
        best = Math.max(best, origin + sum + (items - 1) * max);
      }
      ends.push(best);
    }
    for (let i = 0; i < k; i++) this.freeAt[i] = ends[i]!;
    return ends[k - 1]!;
  }
}
