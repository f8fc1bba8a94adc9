import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dominates, paretoFront, paretoSvg, type ParetoPoint } from '../../../api/sweep/index.js';
import type { Goal, ParetoSpec, PointResult } from '../../../api/sweep/index.js';

const row = (index: number): PointResult => ({
  key: `k${index}`,
  index,
  params: { i: index },
  status: 'ok',
  metrics: {},
  wall_s: 0,
});
const cloud = fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })), { maxLength: 60 });
const goals = fc.tuple(fc.constantFrom<Goal>('min', 'max'), fc.constantFrom<Goal>('min', 'max'));

describe('the Pareto front', () => {
  it('no front point is dominated, and every other point is dominated by a front point (any goals, with ties)', () => {
    fc.assert(
      fc.property(cloud, goals, (xy, [xGoal, yGoal]) => {
        const spec: ParetoSpec = { x: 'x', y: 'y', xGoal, yGoal };
        const pts: ParetoPoint[] = xy.map(([x, y], i) => ({ row: row(i), x, y }));
        const front = paretoFront(pts, spec);
        const onFront = new Set(front.map((p) => p.row.index));
        for (const f of front) expect(pts.some((p) => dominates(p, f, spec))).toBe(false);
        for (const p of pts) if (!onFront.has(p.row.index)) expect(front.some((f) => dominates(f, p, spec))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('the chart is the same bytes for the same points, and escapes text', () => {
    const spec: ParetoSpec = { x: 'energy_pj', y: 'cycles<&>', xGoal: 'min', yGoal: 'min' };
    const pts: ParetoPoint[] = [
      [1, 5],
      [2, 3],
      [3, 4],
      [4, 1],
    ].map(([x, y], i) => ({ row: row(i), x: x!, y: y! }));
    const svg = paretoSvg('t', spec, pts, paretoFront(pts, spec));
    expect(svg).toBe(paretoSvg('t', spec, pts, paretoFront(pts, spec)));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('cycles&lt;&amp;&gt;');
    expect(svg).toContain('4 points, 3 on the Pareto front');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});
