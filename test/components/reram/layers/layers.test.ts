import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../../api/run.js';
import { planLayers } from '../../../../components/reram/mapping.js';
import { tileMatrix } from '../../../../components/reram/mvm.js';
import { readLayerList } from '../../../../workloads/layers/layer-list.js';
import { layerMatrix } from '../../../../components/reram/layers/driver.js';

const ISAAC_XBAR = { rows: 128, cols: 128, bitsPerCell: 2, weightBits: 16, signed: 'offset' as const };

describe('layer-list workloads on ReRAM IMAs', () => {
  it('reports a misspelt key with its file, line and column', () => {
    try {
      readLayerList('test/components/reram/fixtures/bad-key.yaml');
      expect.unreachable();
    } catch (e) {
      expect((e as { format(): string }).format()).toMatch(
        /bad-key\.yaml:4:45: layers\[1\]\.outputs: unknown key "outputs" for a fc layer/,
      );
    }
  });

  it('property: a plan holds every weight once per copy, splits every layer’s vectors exactly, and never uses more IMAs than exist', () => {
    const layer = fc.record({
      rows: fc.integer({ min: 1, max: 2000 }),
      cols: fc.integer({ min: 1, max: 200 }),
      vectors: fc.integer({ min: 1, max: 5000 }),
    });
    fc.assert(
      fc.property(
        fc.array(layer, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 400 }),
        (ls, xbars, imas) => {
          const layers = ls.map((l, i) => ({ ...l, name: `l${i}` }));
          let plans;
          try {
            plans = planLayers(layers, (r, c) => tileMatrix(r, c, ISAAC_XBAR), xbars, imas);
          } catch {
            return; // does not fit: an error, checked below
          }
          const used = plans.flatMap((p) => p.parts.map((q) => q.ima));
          expect(new Set(used).size).toBe(used.length);
          expect(Math.max(...used)).toBeLessThan(imas);
          for (const p of plans) {
            for (let copy = 0; copy < p.copies; copy++) {
              const parts = p.parts.filter((q) => q.copy === copy);
              // Rectangles of one copy tile the matrix: their areas add up to rows × cols.
              expect(parts.reduce((a, q) => a + q.rows * q.cols, 0)).toBe(p.layer.rows * p.layer.cols);
              for (const q of parts)
                expect(tileMatrix(q.rows, q.cols, ISAAC_XBAR).crossbars).toBeLessThanOrEqual(xbars);
            }
            const perCopy = [...new Set(p.parts.map((q) => q.copy))].map(
              (c) => p.parts.find((q) => q.copy === c)!.vectors,
            );
            expect(perCopy.reduce((a, b) => a + b, 0)).toBe(p.layer.vectors);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('runs the example CNN on isaac-small: one phase per layer, the conv phases as long as their busiest IMA’s pipeline', () => {
    const r = runSimulation({
      architecture: 'architectures/isaac-small.yaml',
      workload: 'workloads/examples/cnn-small.yaml',
    });
    expect(r.stop.reason).toBe('completed');
    expect(r.phases.map((p) => p.name)).toEqual(['program', 'conv1', 'conv2', 'pool1', 'conv3', 'pool2', 'fc1', 'fc2']);
    const net = readLayerList('workloads/examples/cnn-small.yaml');
    const mats = net.layers.map((l) => layerMatrix(l, 1)).filter((m) => m !== undefined);
    const plans = planLayers(mats, (a, b) => tileMatrix(a, b, ISAAC_XBAR), 8, 48);
    // conv1: 27 × 16 offset-encoded → 2 crossbars (15 + 1 weights): busiest ADC converts 15·8 + 1 = 121 columns
    // (A = 121 cycles at 1.2 GS/s), a read is 100 ns = 120 cycles, shift-add 144 / 8 = 18 cycles; 16 DAC cycles per vector.
    // The controller adds the first fetch and the last outputs' path; pipelined layers slow conv1 a little (shared eDRAM, bus).
    const v = Math.max(...plans[0]!.parts.map((q) => q.vectors));
    const pipeline = 120 + 121 + 18 + (16 * v - 1) * 121;
    expect(r.phases[1]!.cycles).toBeGreaterThan(pipeline);
    expect(r.phases[1]!.cycles).toBeLessThan(pipeline * 1.01);
    expect(r.phases.reduce((a, p) => a + p.energy_pj, 0)).toBeCloseTo(r.energy_pj, 3);
    for (const cls of ['adc_conversion', 'dac_conversion', 'crossbar_read', 'read', 'bus_bit'])
      expect(r.energy_by_action_pj[cls]).toBeGreaterThan(0);
  });
});
