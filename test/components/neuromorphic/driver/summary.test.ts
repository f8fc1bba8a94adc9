import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../../api/run.js';
import { formatRunReport } from '../../../../cli/format.js';
import {
  ENERGY_CLASSES,
  RasterCollector,
  summariseSnn,
  type SpikeRasterData,
} from '../../../../components/neuromorphic/index.js';

const r = runSimulation({
  architecture: 'architectures/snn-small.yaml',
  workload: 'workloads/examples/spikes-small.csv',
});
const metric = (name: string): number => r.workload_summary!.metrics.find((m) => m.name === name)!.value;
const table = (id: string) => r.workload_summary!.tables.find((t) => t.id === id)!;

describe('the spiking-network workload summary', () => {
  it('counts spikes and SOPs exactly as the components do', () => {
    const s = summariseSnn(r);
    expect(metric('spikes_in')).toBe(s.spikes_in);
    expect(metric('spikes_out')).toBe(s.spikes_out);
    expect(metric('sops')).toBe(s.sops);
    expect(metric('output_spikes')).toBe(r.components['snn.output']!.counters['spikes_out']);
    expect(metric('sops_per_wall_s')).toBeGreaterThan(0);
    expect(metric('area')).toBeCloseTo(r.area_mm2, 12);
  });

  it('energy classes add up to the run energy, and pJ/SOP and pJ/inference divide it', () => {
    const rows = table('snn_energy_by_class').rows;
    expect(rows.map((row) => row[0])).toEqual(ENERGY_CLASSES.filter((k) => k !== 'other'));
    const sum = rows.reduce((s, row) => s + (row[1] as number), 0);
    expect(sum).toBeCloseTo(r.energy_pj, 9);
    const byAction = r.energy_by_action_pj;
    const reads = rows.find((row) => row[0] === 'synapse reads')![1] as number;
    expect(reads).toBeCloseTo((byAction['synapse_read'] ?? 0) + (byAction['row_drive'] ?? 0), 9);
    expect(rows.find((row) => row[0] === 'neuron samples')![1]).toBeCloseTo(byAction['comparator_sample']!, 9);
    expect(rows.find((row) => row[0] === 'leakage')![1]).toBeCloseTo(byAction['leakage'] ?? 0, 9);
    expect(metric('energy_per_sop')).toBeCloseTo(r.energy_pj / metric('sops'), 12);
    expect(metric('energy_per_inference')).toBeCloseTo(r.energy_pj, 9);
    const leakage = rows.find((row) => row[0] === 'leakage')![1] as number;
    expect(metric('dynamic_energy_per_inference')).toBeCloseTo(r.energy_pj - leakage, 9);
  });

  it('the raster holds every input and population spike (under the cap) at its time', () => {
    const raster = r.workload_summary!.views!['spike_raster'] as SpikeRasterData;
    expect(raster.populations.map((p) => p.name)).toEqual(['snn.input', 'snn.hidden', 'snn.output']);
    expect(raster.populations.map((p) => p.total_spikes)).toEqual([
      r.components['snn.input']!.counters['spikes_in'],
      r.components['snn.hidden']!.counters['spikes_out'],
      r.components['snn.output']!.counters['spikes_out'],
    ]);
    expect(raster.time_ps.length).toBe(raster.populations.reduce((s, p) => s + p.total_spikes, 0));
    for (let k = 0; k < raster.time_ps.length; k++) expect(raster.time_ps[k]).toBeLessThanOrEqual(raster.end_ps);
    // Output neurons spike only on edges of their 1 GHz clock.
    const outs = raster.time_ps.filter((_, k) => raster.population[k] === 2);
    expect(outs.every((t) => t % 1000 === 0)).toBe(true);
  });

  it('a raster keeps at most its cap per population and counts the rest', () => {
    const c = new RasterCollector(
      [
        { name: 'a', size: 4 },
        { name: 'b', size: 2 },
      ],
      3,
    );
    for (let t = 0; t < 10; t++) c.add(0, t % 4, t);
    c.add(1, 1, 5);
    const d = c.data(20);
    expect(d.populations.map((p) => [p.total_spikes, p.shown_spikes])).toEqual([
      [10, 3],
      [1, 1],
    ]);
    expect(d.time_ps).toEqual([0, 1, 2, 5]);
  });

  it('helen run prints the results, the energy by class and the per-population table', () => {
    const text = formatRunReport(r);
    expect(text).toMatch(/energy_per_sop\s+[\d.]+ pJ/);
    expect(text).toContain('energy by class:');
    expect(text).toMatch(/snn\.output\s+4\s+\d+/);
  });
});
