import { describe, expect, it } from 'vitest';
import { runSimulation, type RunReport } from '../../../../api/run.js';
import { readLayerList } from '../../../../workloads/layers/layer-list.js';
import { layerMatrix } from '../../../../components/reram/layers/layer-matrix.js';
import { readValuesSpec } from '../../../../components/reram/layers/values.js';

const SMALL = 'architectures/isaac-small.yaml';
const CNN = 'workloads/examples/cnn-small.yaml';
const ONE = 'test/components/reram/fixtures/one-conv.yaml';

function run(workload: string, set: Record<string, string | number> = {}): RunReport {
  return runSimulation({
    architecture: SMALL,
    workload,
    overrides: new Map(Object.entries(set).map(([k, v]) => [k, String(v)])),
  });
}
const phase = (r: RunReport, name: string) => r.phases.find((p) => p.name === name)!;
const counterSum = (r: RunReport, type: string, counter: string) =>
  Object.values(r.components)
    .filter((c) => c.type === type)
    .reduce((a, c) => a + (c.counters[counter] ?? 0), 0);
const metric = (r: RunReport, name: string) => r.workload_summary!.metrics.find((m) => m.name === name)!.value;

describe('ReRAM tile controller: streaming layers through buffer, bus and IMAs', () => {
  it('chunked timing equals per-vector timing when the IMAs are the bottleneck (chunks of 1, 2, 3, 7 and 16 vectors)', () => {
    const cycles = [1, 2, 3, 7, 16].map((n) => phase(run(ONE, { 'chip.tile.ctrl.chunk_vectors': n }), 'conv1').cycles);
    expect(new Set(cycles).size).toBe(1);
    // …and chunking really changes the event count (it is not the same run).
    const events = [1, 32].map((n) => run(ONE, { 'chip.tile.ctrl.chunk_vectors': n }).events);
    expect(events[0]).toBeGreaterThan(2 * events[1]!);
  });

  it('a conv layer lasts its busiest IMA’s pipeline plus the first fetch and the last outputs’ path', () => {
    const r = run(ONE);
    const v = Math.ceil(1024 / 48); // conv1 alone takes one IMA per copy: 48 copies on isaac-small's 48 IMAs
    const pipeline = 120 + 121 + 18 + (16 * v - 1) * 121;
    expect(phase(r, 'conv1').cycles).toBeGreaterThan(pipeline);
    expect(phase(r, 'conv1').cycles).toBeLessThan(pipeline + 200);
  });

  it('stalls emerge from the model: an 8-wire tile bus starves the IMAs, and stall_cycles says so', () => {
    const base = run(ONE);
    const narrow = run(ONE, { 'chip.tile.bus.width_bits': 8 });
    expect(metric(base, 'stall_cycles')).toBe(0);
    expect(metric(narrow, 'stall_cycles')).toBeGreaterThan(0);
    expect(counterSum(narrow, 'reram.controller', 'stall_cycles')).toBe(metric(narrow, 'stall_cycles'));
    expect(phase(narrow, 'conv1').cycles).toBeGreaterThan(phase(base, 'conv1').cycles);
  });

  it('inter-layer pipelining: cnn-small finishes sooner pipelined than layer by layer, with every layer’s work done exactly once', () => {
    const piped = run(CNN, { 'chip.tile.ctrl.pipelining': 'layer' });
    const seq = run(CNN, { 'chip.tile.ctrl.pipelining': 'none' });
    expect(metric(piped, 'inference_cycles')).toBeLessThan(metric(seq, 'inference_cycles'));
    expect(piped.cycles).toBeLessThan(seq.cycles);
    // Every vector of a layer goes through each IMA of its copy (IMAs per copy = IMAs / copies).
    const layers = piped.workload_summary!.tables.find((t) => t.id === 'reram_layers')!.rows;
    const vectors = layers.reduce(
      (a, row) => a + ((row[6] as number) > 0 ? ((row[4] as number) * (row[5] as number)) / (row[6] as number) : 0),
      0,
    );
    expect(vectors).toBeGreaterThanOrEqual(
      readLayerList(CNN)
        .layers.map((l) => layerMatrix(l, 1)?.vectors ?? 0)
        .reduce((a, b) => a + b, 0),
    );
    for (const r of [piped, seq]) {
      expect(r.stop.reason).toBe('completed');
      expect(counterSum(r, 'reram.ima', 'vectors')).toBe(vectors);
      expect(r.energy_by_action_pj['adc_conversion']).toBeCloseTo(seq.energy_by_action_pj['adc_conversion']!, 6);
      // Phases overlap when pipelined, yet their energies still add up to the run's.
      expect(r.phases.reduce((a, p) => a + p.energy_pj, 0)).toBeCloseTo(r.energy_pj, 0);
    }
    const starts = (r: RunReport) => r.phases.filter((p) => p.name !== 'program').map((p) => p.start_ps);
    const ends = (r: RunReport) => r.phases.filter((p) => p.name !== 'program').map((p) => p.end_ps);
    // Sequential: each layer starts when the previous ends; pipelined: conv2 starts before conv1 ends.
    expect(starts(seq).slice(1)).toEqual(ends(seq).slice(0, -1));
    expect(starts(piped)[1]!).toBeLessThan(ends(piped)[0]!);
  });

  it('programming the weights is a phase of its own: rows × write_latency, write_energy per occupied cell', () => {
    const r = run(ONE, { 'chip.tile.ima.xbar.write_latency': '1us', 'chip.tile.ima.xbar.write_energy': '2pJ' });
    const p = phase(r, 'program');
    expect(p.time_ps).toBe(27 * 1e6); // 27 rows (3·3·3) per crossbar, written one row per microsecond
    // conv1: 27 × 16 weights, 8 cells each, plus an offset column per crossbar (2 crossbars) of 27 cells, on 48 copies.
    const cells = 48 * (27 * 16 * 8 + 2 * 27);
    expect(counterSum(r, 'reram.ima', 'cells_programmed')).toBe(cells);
    expect(r.energy_by_action_pj['cell_write']).toBeCloseTo(2 * cells, 6);
  });
});

describe('values in layer runs', () => {
  const TWO = 'test/components/reram/fixtures/two-conv.yaml';
  const values = (r: RunReport) => r.workload_summary!.tables.find((t) => t.id === 'reram_values')!;

  it('with enough ADC bits every checked output is exact; with too few the error is > 0 and within the clipping bound', () => {
    const exact = values(run(TWO, { adc_bits: 8 }));
    expect(exact.rows.map((row) => row[4])).toEqual([0, 0]);
    const coarse = values(run(TWO, { adc_bits: 4 }));
    for (const row of coarse.rows) {
      expect(row[4]).toBeGreaterThan(0);
      expect(row[4] as number).toBeLessThanOrEqual(row[7] as number);
    }
  });

  it('reads the values request and reports a misspelt key with its location', () => {
    expect(readValuesSpec(TWO)).toEqual({ seed: 3, layers: 2, vectors: 4 });
    expect(readValuesSpec(ONE)).toBeUndefined();
    expect(() => readValuesSpec('test/components/reram/fixtures/bad-values.yaml')).toThrow(/unknown key "layer"/);
  });
});

describe('SCALE-Sim topology CSV on a ReRAM chip', () => {
  it('maps CSV convolutions onto IMAs on isaac-small, and still runs on a systolic array elsewhere', () => {
    const r = runSimulation({ architecture: SMALL, workload: 'workloads/examples/cnn-small.csv' });
    expect(r.phases.map((p) => p.name)).toEqual(['program', 'conv1', 'conv2', 'conv3']);
    // 32×32 and 30×30 output pixels; conv3 keeps SCALE-Sim's 15×15 (ceil((30 − 3 + 2) / 2)), so it runs as a
    // matrix layer, and its 288 × 64 weights (3 × 5 crossbars, 3 × 2 per IMA) take three IMAs per copy.
    expect(counterSum(r, 'reram.ima', 'vectors')).toBe(32 * 32 + 30 * 30 + 3 * 15 * 15);
    const s = runSimulation({
      architecture: 'architectures/systolic-os-32.yaml',
      workload: 'workloads/examples/cnn-small.csv',
    });
    expect(s.phases.map((p) => p.name)).toEqual(['conv1', 'conv2', 'conv3']);
  });
});

describe('the run summary of a ReRAM layer run', () => {
  it('reports energy by class summing to the run energy, and the roll-up of the tile against ISAAC', () => {
    const r = run(CNN);
    const cls = r.workload_summary!.tables.find((t) => t.id === 'reram_energy_by_class')!;
    const total = cls.rows.reduce((a, row) => a + (row[1] as number), 0);
    expect(total / r.energy_pj).toBeCloseTo(1, 4);
    for (const k of ['ADC', 'DAC', 'crossbar', 'buffers', 'interconnect', 'digital'])
      expect(cls.rows.find((row) => row[0] === k)![1]).toBeGreaterThan(0);
    expect(metric(r, 'energy_without_offchip_static')).toBeLessThan(r.energy_pj);
    const roll = r.workload_summary!.tables.find((t) => t.id === 'reram_power_rollup')!;
    const tile = roll.rows[2]!;
    expect(Math.abs((tile[1] as number) / 330 - 1)).toBeLessThan(0.01);
  });
});
