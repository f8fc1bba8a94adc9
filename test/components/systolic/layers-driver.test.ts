import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation, type RunReport } from '../../../api/run.js';

const OS32 = 'architectures/systolic-os-32.yaml';
const LLM = 'architectures/llm-accelerator.yaml';
const dir = mkdtempSync(join(tmpdir(), 'helen-systolic-layers-'));
let files = 0;

function write(ext: string, text: string): string {
  const file = join(dir, `w${files++}.${ext}`);
  writeFileSync(file, text);
  return file;
}
function run(architecture: string, workload: string, set: Record<string, string | number> = {}): RunReport {
  return runSimulation({
    architecture,
    workload,
    overrides: new Map(Object.entries(set).map(([k, v]) => [k, String(v)])),
  });
}
const cycles = (r: RunReport, name: string) => r.phases.find((p) => p.name === name)!.cycles;
const table = (r: RunReport, id: string) => r.workload_summary!.tables.find((t) => t.id === id)!;

/** A random layer and the GEMMs it should become, worked out here from the layer's definition. */
interface Case {
  yaml: string;
  gemms: [number, number, number][];
}
const out = (i: number, k: number, s: number, p: number) => Math.floor((i + 2 * p - k) / s) + 1;
const conv = fc
  .record({
    h: fc.integer({ min: 3, max: 12 }),
    c: fc.integer({ min: 1, max: 40 }),
    n: fc.integer({ min: 1, max: 70 }),
    k: fc.integer({ min: 1, max: 3 }),
    s: fc.integer({ min: 1, max: 2 }),
    p: fc.integer({ min: 0, max: 1 }),
  })
  .map(({ h, c, n, k, s, p }): ((name: string, batch: number) => Case) => (name, batch) => ({
    yaml: `{ name: ${name}, type: conv, input: [${h}, ${h + 1}, ${c}], out_channels: ${n}, kernel: ${k}, stride: ${s}, padding: ${p} }`,
    gemms: [[out(h, k, s, p) * out(h + 1, k, s, p) * batch, n, k * k * c]],
  }));
const dense = fc
  .record({
    i: fc.integer({ min: 1, max: 100 }),
    o: fc.integer({ min: 1, max: 100 }),
    r: fc.integer({ min: 1, max: 40 }),
  })
  .map(({ i, o, r }): ((name: string, batch: number) => Case) => (name, batch) => ({
    yaml: `{ name: ${name}, type: fc, in_features: ${i}, out_features: ${o}, rows: ${r} }`,
    gemms: [[r * batch, o, i]],
  }));
const matmul = fc
  .record({
    m: fc.integer({ min: 1, max: 80 }),
    n: fc.integer({ min: 1, max: 80 }),
    k: fc.integer({ min: 1, max: 80 }),
  })
  .map(({ m, n, k }): ((name: string, batch: number) => Case) => (name, batch) => ({
    yaml: `{ name: ${name}, type: matmul, m: ${m}, n: ${n}, k: ${k} }`,
    // Each input has its own right operand: one GEMM per input.
    gemms: Array.from({ length: batch }, (): [number, number, number] => [m, n, k]),
  }));

describe('systolic-layers: neutral layer lists on the systolic family', () => {
  it('property: on one systolic.array, each conv/fc/matmul layer takes the cycles the gemm-layers driver gives its lowered GEMMs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(conv, dense, matmul), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 2 }),
        fc.constantFrom('os', 'ws', 'is'),
        (makers, batch, dataflow) => {
          const cases = makers.map((m, i) => m(`l${i}`, batch));
          const list = write(
            'yaml',
            `name: random\nbatch: ${batch}\nlayers:\n${cases.map((c) => `  - ${c.yaml}\n`).join('')}`,
          );
          const csv = write(
            'csv',
            `Layer, M, N, K,\n${cases.flatMap((c, i) => c.gemms.map((g, j) => `l${i}_${j}, ${g.join(', ')},\n`)).join('')}`,
          );
          const set = { 'chip.array.dataflow': dataflow };
          const layers = run(OS32, list, set);
          const gemms = run(OS32, csv, set);
          cases.forEach((c, i) => {
            const expected = c.gemms.reduce((a, _g, j) => a + cycles(gemms, `l${i}_${j}`), 0);
            expect(cycles(layers, `l${i}`)).toBe(expected);
          });
        },
      ),
      { numRuns: 12, seed: 7 },
    );
  });

  it('a deconv on the array runs as its zero-insertion GEMM: the cycles of a stride-1 conv of the inflated input', () => {
    // 4×4×8 input, 4×4 kernel, stride 2, padding 1 → 8×8 output; K = 4·4·8.
    const r = run(
      OS32,
      write(
        'yaml',
        'name: d\nlayers:\n  - { name: d, type: deconv, input: [4, 4, 8], out_channels: 16, kernel: 4, stride: 2, padding: 1 }\n',
      ),
    );
    const g = run(OS32, write('csv', 'Layer, M, N, K,\nd, 64, 16, 128,\n'));
    expect(cycles(r, 'd')).toBe(cycles(g, 'd'));
  });

  it('resnet-block on systolic-os-32: add and pool pass in 0 cycles, and the summary says they are not modelled', () => {
    const r = run(OS32, 'workloads/examples/resnet-block.yaml');
    expect(r.stop.reason).toBe('completed');
    expect(cycles(r, 'add1')).toBe(0);
    expect(cycles(r, 'pool')).toBe(0);
    expect(cycles(r, 'conv_a')).toBeGreaterThan(0);
    const rows = table(r, 'systolic_layers').rows;
    expect(rows.filter((row) => row[3] === 'no').map((row) => row[0])).toEqual(['add1', 'pool']);
    expect(String(rows.find((row) => row[0] === 'add1')![2])).toMatch(/not modelled: .*no vector unit/);
  });

  it('an engine without a systolic.vector runs the GEMMs and reports its add layers as not modelled (0 cycles)', () => {
    const arch = write(
      'yaml',
      'name: e\nclock: 1GHz\ncomponents:\n  chip:\n    type: systolic.engine\n    children:\n' +
        '      mxu: { type: systolic.array, params: { rows: 4, cols: 4 } }\n' +
        '      sram: { type: systolic.sram }\n' +
        '      hbm: { type: systolic.hbm, params: { channels: 1, burst: 1B, bandwidth: 1TB/s, latency: 100ps } }\n',
    );
    const r = run(arch, 'workloads/examples/transformer-block.yaml');
    expect(cycles(r, 'add_attn')).toBe(0);
    expect(cycles(r, 'mlp_up')).toBeGreaterThan(0);
    const row = table(r, 'systolic_layers').rows.find((x) => x[0] === 'add_mlp')!;
    expect(row.slice(2)).toEqual(['not modelled: chip has no systolic.vector (0 cycles)', 'no']);
  });

  it('transformer-block on the LLM engine: GEMMs through its gemm operation (matmul operands on chip), adds on its vector unit', () => {
    const lanes = 512;
    const r = run(LLM, 'workloads/examples/transformer-block.yaml', { 'chip.vpu.lanes': lanes });
    expect(r.stop.reason).toBe('completed');
    const engine = r.components['chip']!;
    expect(engine.counters['operations']).toBe(11);
    const roof = table(r, 'roofline');
    const hbmMb = (label: string) => roof.rows.find((row) => row[0] === label)![3] as number;
    // An fc's weights (128×128 bf16) come from HBM; a matmul's operands are activations kept on chip.
    expect(hbmMb('q_proj') * 1e6).toBeCloseTo(128 * 128 * 2, 0);
    expect(hbmMb('scores')).toBe(0);
    // An add is 64·128 element ops on the vector unit: pipeline fill + elements / lanes.
    expect(cycles(r, 'add_attn')).toBe(16 + Math.ceil((64 * 128) / lanes));
    expect(table(r, 'systolic_layers').rows.every((row) => row[3] === 'yes')).toBe(true);
  });
});
