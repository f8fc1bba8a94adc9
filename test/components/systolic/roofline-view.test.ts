import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../api/run.js';
import { renderHtmlReport } from '../../../api/report/index.js';
import { defaultSession } from '../../../api/session.js';
import type { RooflineViewData } from '../../../components/systolic/index.js';

const view = defaultSession().views.get('roofline')!.render;

interface Point {
  label: string;
  x: number;
  y: number;
  onChip: boolean;
}

/** The drawn points (marker centres) and the roof polyline of a chart. */
function parse(svg: string): { points: Point[]; roof: [number, number][]; bandX: number } {
  const points: Point[] = [];
  for (const m of svg.matchAll(
    /<g class="point" data-label="([^"]*)" data-unit="(\w+)" data-intensity="([^"]*)"[^>]*>.*?(<circle cx="([\d.-]+)" cy="([\d.-]+)"|<rect x="([\d.-]+)" y="([\d.-]+)")/g,
  )) {
    const [x, y] = m[5] !== undefined ? [+m[5], +m[6]!] : [+m[7]! + 4, +m[8]! + 4];
    points.push({ label: m[1]!, x, y, onChip: m[3] === '' });
  }
  const d = /<path id="roof" class="roof" d="([^"]+)"/.exec(svg)![1]!;
  const roof = d
    .slice(1)
    .split('L')
    .map((p) => p.split(' ').map(Number) as [number, number]);
  const band = /<rect x="([\d.]+)" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="#f5f7fa"\/>/.exec(svg)!;
  return { points, roof, bandX: +band[1]! };
}

/** The roof's y (SVG, down is larger) at x: the polyline is straight between its vertices. */
function roofY(roof: [number, number][], x: number): number {
  for (let i = 1; i < roof.length; i++) {
    const [x0, y0] = roof[i - 1]!;
    const [x1, y1] = roof[i]!;
    if (x >= x0 - 1e-9 && x <= x1 + 1e-9) return x1 === x0 ? Math.min(y0, y1) : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  throw new Error(`x ${x} is outside the roof`);
}

/** Machines and operations as the engine reports them: achieved never above attainable. */
const rooflineData = fc
  .record({
    peak: fc.double({ min: 1e9, max: 1e16, noNaN: true }),
    bw: fc.double({ min: 1e8, max: 1e13, noNaN: true }),
    vectorShare: fc.option(fc.double({ min: 1e-4, max: 1, noNaN: true }), { nil: undefined }),
    ops: fc.array(
      fc.record({
        intensity: fc.option(fc.double({ min: 1e-3, max: 1e5, noNaN: true }), { nil: null }),
        share: fc.double({ min: 1e-3, max: 1, noNaN: true }),
        vector: fc.boolean(),
        stage: fc.constantFrom('prefill', 'decode'),
      }),
      { minLength: 1, maxLength: 30 },
    ),
  })
  .map(({ peak, bw, vectorShare, ops }): RooflineViewData => {
    const vec = vectorShare === undefined ? undefined : peak * vectorShare;
    return {
      peak_flops_per_s: peak,
      hbm_bytes_per_s: bw,
      ...(vec ? { vector_ops_per_s: vec } : {}),
      ops: ops.map((o, i) => {
        const top = o.vector && vec ? vec : peak;
        const attainable = o.intensity === null ? top : Math.min(top, o.intensity * bw);
        return {
          label: `${o.stage}.op${i}`,
          unit: o.vector && vec ? 'vector' : 'array',
          operations: 1,
          flops: 1e9,
          hbm_bytes: o.intensity === null ? 0 : 1e9 / o.intensity,
          intensity: o.intensity,
          attainable_flops_per_s: attainable,
          achieved_flops_per_s: attainable * o.share,
          bound: o.intensity !== null && o.intensity < top / bw ? 'memory' : 'compute',
        };
      }),
    };
  });

describe('roofline view', () => {
  it('property: one point per operation, every point with an intensity on or under the roof, on-chip ones in their band', () => {
    fc.assert(
      fc.property(rooflineData, (data) => {
        const svg = view(data);
        const { points, roof, bandX } = parse(svg);
        expect(points.map((p) => p.label)).toEqual(data.ops.map((o) => o.label));
        expect(svg).toContain(`data-points="${data.ops.length}"`);
        for (const p of points) {
          if (p.onChip) expect(p.x).toBeGreaterThan(bandX);
          // Drawn coordinates are rounded to 0.1 px.
          else expect(p.y).toBeGreaterThanOrEqual(roofY(roof, p.x) - 0.2);
        }
      }),
    );
  });

  it('the roof is the bandwidth slope up to the ridge at the machine balance, then the flat compute ceiling', () => {
    const data: RooflineViewData = {
      peak_flops_per_s: 200e12,
      hbm_bytes_per_s: 1e12,
      ops: [
        {
          label: 'decode.x',
          unit: 'array',
          operations: 1,
          flops: 1,
          hbm_bytes: 1,
          intensity: 1,
          attainable_flops_per_s: 1e12,
          achieved_flops_per_s: 0.9e12,
          bound: 'memory',
        },
      ],
    };
    const svg = view(data);
    const { roof } = parse(svg);
    expect(roof.length).toBe(3);
    const [a, ridge, b] = roof;
    expect(b![1]).toBeCloseTo(ridge![1], 6); // flat after the ridge
    expect(a![1]).toBeGreaterThan(ridge![1]); // rising before it
    expect(svg).toContain('data-balance="200"');
    expect(svg).not.toContain('vector-roof');
  });

  it('data it cannot draw gives a note, not an error', () => {
    expect(view({ ops: 3 })).toContain('cannot draw');
    expect(view(undefined)).toContain('cannot draw');
  });

  it('the HTML report of a real LLM run draws the chart with one point per operation label', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helen-roofline-'));
    const w = join(dir, 'w.yaml');
    writeFileSync(
      w,
      `llm:\n  model: ${join(process.cwd(), 'workloads/examples/llm-gpt2.config.json')}\n  prompt_tokens: 32\n  generated_tokens: 3\n`,
    );
    const r = runSimulation({ architecture: 'architectures/llm-accelerator.yaml', workload: w });
    const html = renderHtmlReport(r);
    const ops = (r.workload_summary!.views!['roofline'] as RooflineViewData).ops;
    expect(ops.length).toBeGreaterThan(10);
    expect(html).toContain(
      `<svg id="roofline" class="chart" role="img" aria-label="Roofline" data-points="${ops.length}"`,
    );
    expect(parse(html).points.length).toBe(ops.length);
    expect(html).toContain('id="vector-roof"');
    expect(html).toContain('id="table-roofline"');
  });
});
