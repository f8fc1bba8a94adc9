import type { ParetoSpec, PointResult } from './types.js';

/** A row placed on the two Pareto metrics. */
export interface ParetoPoint {
  row: PointResult;
  x: number;
  y: number;
}

/** Rows that finished with numeric values for both metrics, placed on the plane. */
export function placeRows(rows: readonly PointResult[], spec: ParetoSpec): ParetoPoint[] {
  const out: ParetoPoint[] = [];
  for (const row of rows) {
    const x = row.metrics[spec.x];
    const y = row.metrics[spec.y];
    if (
      row.status === 'ok' &&
      typeof x === 'number' &&
      typeof y === 'number' &&
      Number.isFinite(x) &&
      Number.isFinite(y)
    )
      out.push({ row, x, y });
  }
  return out;
}

/** Whether `a` is at least as good as `b` on both metrics and strictly better on one. */
export function dominates(a: ParetoPoint, b: ParetoPoint, spec: ParetoSpec): boolean {
  const sx = spec.xGoal === 'min' ? 1 : -1;
  const sy = spec.yGoal === 'min' ? 1 : -1;
  const dx = sx * (b.x - a.x);
  const dy = sy * (b.y - a.y);
  return dx >= 0 && dy >= 0 && (dx > 0 || dy > 0);
}

/**
 * The non-dominated points, ordered by x from best to worst. Points with equal
 * values on both metrics are all kept (none dominates another). O(n log n):
 * after sorting by x (then y), a point is on the front when its y beats every y before it.
 */
export function paretoFront(points: readonly ParetoPoint[], spec: ParetoSpec): ParetoPoint[] {
  const sx = spec.xGoal === 'min' ? 1 : -1;
  const sy = spec.yGoal === 'min' ? 1 : -1;
  const sorted = [...points].sort((a, b) => sx * (a.x - b.x) || sy * (a.y - b.y) || a.row.index - b.row.index);
  const front: ParetoPoint[] = [];
  let best: ParetoPoint | undefined;
  for (const p of sorted) {
    if (!best || sy * (p.y - best.y) < 0) {
      front.push(p);
      best = p;
    } else if (p.x === best.x && p.y === best.y) {
      front.push(p);
    }
  }
  return front;
}
