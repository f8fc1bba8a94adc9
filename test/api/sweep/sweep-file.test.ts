import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HelenError } from '../../../core/index.js';
import { loadSweepFile, productPoints, sweepPoints } from '../../../api/sweep/index.js';
import { DEMO_ARCH, DEMO_OPS, tempDir, writeSweep } from './helpers.js';

const head = `architecture: ${DEMO_ARCH}\nworkload: ${DEMO_OPS}\nmetrics: [cycles]\n`;

function problems(text: string): string[] {
  const file = writeSweep(tempDir(), text, 'bad.yaml');
  try {
    loadSweepFile(file);
  } catch (e) {
    expect(e).toBeInstanceOf(HelenError);
    expect((e as Error).stack ?? '').toBeTruthy();
    return (e as HelenError)
      .format()
      .split('\n')
      .map((l) => l.replace(file, 'bad.yaml'));
  }
  throw new Error('expected the sweep file to be rejected');
}

function points(text: string) {
  const spec = loadSweepFile(writeSweep(tempDir(), head + text));
  return sweepPoints(spec, 'fixed-base');
}

describe('sweep files', () => {
  it('report every problem with file:line:column', () => {
    const lines = problems(
      `${head}grdi:\n  stages: [2, 3]\ngrid:\n  stages: { from: 2, to: 4 }\n  op_energy: { from: 1, to: 3, step: -1 }\nzip:\n  - a: [1, 2]\n    b: [1, 2, 3]\n`,
    );
    expect(lines).toContain(
      'bad.yaml:4:1: grdi: unknown key "grdi"; did you mean "grid"? (expected one of: name, description, architecture, workload, format, seed, set, grid, zip, random, constraints, metrics, pareto, attempts) [E_UNKNOWN_KEY]',
    );
    expect(
      lines.some((l) =>
        l.startsWith('bad.yaml:7:11: grid.stages: a range needs exactly one of "step", "count" or "factor", got none'),
      ),
    ).toBe(true);
    expect(
      lines.some((l) =>
        l.startsWith('bad.yaml:8:38: grid.op_energy.step: "step" must be non-zero and go from 1 towards 3'),
      ),
    ).toBe(true);
    expect(
      lines.some((l) =>
        l.startsWith('bad.yaml:11:5: zip[0].b: every list of a zipped group must have the same length'),
      ),
    ).toBe(true);
  });

  it('locate bad metrics, pareto axes, YAML syntax and constraint columns', () => {
    expect(
      problems(`architecture: a.yaml\nworkload: w.jsonl\ngrid: { x: [1] }\nmetrics: [cycles, wall_s, energy]\n`),
    ).toEqual([
      'bad.yaml:4:19: metrics[1]: "wall_s" is not deterministic; every row records the point\'s wall time as wall_s anyway [E_METRIC]',
      'bad.yaml:4:27: metrics[2]: "energy" is not a field of the run report; did you mean "energy_pj"? (fields: architecture, workload, seed, cycles, main_clock_hz, time_ps, energy_pj, area_mm2, events, operations, stop, energy_by_action_pj, components, phases, workload_summary) [E_METRIC]',
    ]);
    expect(problems(`${head}grid: { x: [1] }\npareto: { x: cycles, y: area_mm2 }\n`)[0]).toMatch(
      /^bad\.yaml:5:25: pareto\.y: "area_mm2" is not among the metrics/,
    );
    expect(problems(`${head}grid: { x: [1, 2 }\n`)[0]).toMatch(/^bad\.yaml:4:\d+: YAML syntax/);
    const file = writeSweep(tempDir(), `${head}grid:\n  stages: [2, 3]\nconstraints:\n  - "stages >= 2 * stagse"\n`);
    expect(() => sweepPoints(loadSweepFile(file), 'b')).toThrowError(/unknown name "stagse"/);
    try {
      sweepPoints(loadSweepFile(file), 'b');
    } catch (e) {
      // The column points at the misspelt name inside the quoted constraint.
      expect((e as HelenError).location).toMatchObject({ line: 7, column: 20 });
    }
  });

  it('grids, ranges, zipped groups and random samples combine as a product, first axis slowest', () => {
    const { tasks } = points(
      `grid:\n  a: { from: 0.1, to: 0.3, step: 0.1 }\n  b: { from: 64, to: 256, factor: 2 }\nzip:\n  - c: [x, y]\n    d: [1, 2]\n`,
    );
    expect(tasks.map((t) => t.params)).toHaveLength(3 * 3 * 2);
    expect(tasks[0]!.params).toEqual({ a: 0.1, b: 64, c: 'x', d: 1 });
    expect(tasks[1]!.params).toEqual({ a: 0.1, b: 64, c: 'y', d: 2 });
    expect(tasks[17]!.params).toEqual({ a: 0.3, b: 256, c: 'y', d: 2 });
    const log = points(`grid:\n  a: { from: 1, to: 1000, count: 4, scale: log }\n`).tasks.map((t) => t.params['a']);
    expect(log).toEqual([1, 10, 100, 1000]);
  });

  it('constraints skip the points they reject and count them', () => {
    const r = points(
      `grid:\n  chip.array.rows: [8, 16, 32]\n  chip.array.cols: [8, 16, 32]\n  dataflow: [os, ws]\nconstraints:\n  - rows * cols <= 256\n  - dataflow != "ws"\n`,
    );
    expect(r.tasks.map((t) => [t.params['chip.array.rows'], t.params['chip.array.cols']])).toEqual([
      [8, 8],
      [8, 16],
      [8, 32],
      [16, 8],
      [16, 16],
      [32, 8],
    ]);
    expect(r.skipped).toBe(18 - 6);
    expect(() => points(`grid:\n  a.x: [1]\n  b.x: [2]\nconstraints: ["x > 0"]\n`)).toThrowError(
      /"x" names several swept parameters/,
    );
  });

  it('random samples with the same seed are the same points; another seed gives others', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
        const text = `random:\n  samples: 5\n  seed: ${seed}\n  parameters:\n    a: { min: 1, max: 100, integer: true }\n    b: { min: 0.5, max: 2, scale: log }\n    c: [os, ws, is]\n`;
        const one = points(text).tasks.map((t) => t.params);
        expect(points(text).tasks.map((t) => t.params)).toEqual(one);
        for (const p of one) {
          expect(Number.isInteger(p['a']) && (p['a'] as number) >= 1 && (p['a'] as number) <= 100).toBe(true);
          expect(p['b']).toBeGreaterThanOrEqual(0.5);
          expect(['os', 'ws', 'is']).toContain(p['c']);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('point keys depend on the parameters, not on their order or the sweep they come from', () => {
    const a = points(`grid:\n  x: [1, 2]\n  y: [3]\n`).tasks;
    const b = points(`grid:\n  y: [3]\n  x: [2, 1]\n`).tasks;
    expect(new Set(a.map((t) => t.key))).toEqual(new Set(b.map((t) => t.key)));
    expect(new Set(a.map((t) => t.key)).size).toBe(2);
    const spec = loadSweepFile(writeSweep(tempDir(), head + `grid:\n  x: [1]\n`));
    expect(sweepPoints(spec, 'other-files').tasks[0]!.key).not.toBe(sweepPoints(spec, 'fixed-base').tasks[0]!.key);
    expect([...productPoints({ axes: [] })]).toEqual([{}]);
  });

  it('a workload format ("format:") reaches every point, and keys the points only when given', () => {
    const plain = points('grid: { stages: [3] }\n');
    const named = points('format: op-trace\ngrid: { stages: [3] }\n');
    expect(plain.tasks[0]!.format).toBeUndefined();
    expect(named.tasks[0]!.format).toBe('op-trace');
    expect(named.tasks[0]!.key).not.toBe(plain.tasks[0]!.key);
    expect(problems(`${head}format: [a]\ngrid: { x: [1] }\n`)[0]).toMatch(
      /^bad\.yaml:4:9: format: expected a workload format name/,
    );
  });
});
