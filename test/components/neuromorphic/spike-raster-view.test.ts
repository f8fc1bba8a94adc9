import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../api/run.js';
import { renderHtmlReport } from '../../../api/report/index.js';
import { defaultSession } from '../../../api/session.js';
import type { SpikeRasterData } from '../../../components/neuromorphic/index.js';

const r = runSimulation({
  architecture: 'architectures/snn-small.yaml',
  workload: 'workloads/examples/spikes-small.csv',
});
const view = defaultSession().views.get('spike_raster')!.render;

describe('the spike raster view', () => {
  it('is registered under spike_raster and drawn in the HTML report of a spiking run, one dot per spike', () => {
    const html = renderHtmlReport(r);
    const raster = r.workload_summary!.views!['spike_raster'] as SpikeRasterData;
    const m = /<svg id="spike-raster"[^>]*data-points="(\d+)" data-total="(\d+)"/.exec(html);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(raster.time_ps.length);
    expect(Number(m![2])).toBe(raster.time_ps.length);
    const dots = (html.match(/h1\.5/g) ?? []).length;
    expect(dots).toBe(raster.time_ps.length);
    expect(html).toContain(
      `data-label="snn.hidden" data-total="${r.components['snn.hidden']!.counters['spikes_out']}"`,
    );
    expect(html).not.toMatch(/spike raster for spiking networks .* not in this report/);
  });

  it('places a dot by time across and neuron down, inside its population band', () => {
    const data: SpikeRasterData = {
      populations: [
        { name: 'in', size: 2, total_spikes: 1, shown_spikes: 1 },
        { name: 'out', size: 100, total_spikes: 1, shown_spikes: 1 },
      ],
      population: [0, 1],
      neuron: [1, 99],
      time_ps: [0, 1000],
      cap_per_population: 10,
      end_ps: 1000,
    };
    const svg = view(data);
    const pts = [...svg.matchAll(/M([\d.]+) ([\d.]+)h1\.5/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(pts).toHaveLength(2);
    expect(pts[1]![0]).toBeGreaterThan(pts[0]![0]);
    expect(pts[1]![1]).toBeGreaterThan(pts[0]![1]);
    expect(svg).not.toContain('Capped');
  });

  it('says how many spikes the cap left out', () => {
    const data: SpikeRasterData = {
      populations: [{ name: 'p', size: 4, total_spikes: 500, shown_spikes: 2 }],
      population: [0, 0],
      neuron: [0, 3],
      time_ps: [1, 2],
      cap_per_population: 2,
      end_ps: 10,
    };
    expect(view(data)).toMatch(/at most its first 2 spikes, 2 of 500 in all/);
  });

  it('data it cannot draw gives a note, not an error', () => {
    expect(view({ nope: 1 })).toMatch(/cannot draw/);
    expect(view({ populations: [], population: [1], neuron: [], time_ps: [], end_ps: 0 })).toMatch(/cannot draw/);
  });
});
