/** What the HTML report's spike raster draws (`workload_summary.views.spike_raster`). */
export interface SpikeRasterData {
  /** Rows of the raster, top to bottom: the spike input first, then each population. */
  populations: { name: string; size: number; total_spikes: number; shown_spikes: number }[];
  /** Parallel arrays, one entry per point: population index, neuron index, time in ps. */
  population: number[];
  neuron: number[];
  time_ps: number[];
  /** Most points kept per population: its first `cap_per_population` spikes in time order. */
  cap_per_population: number;
  /** End of the run, ps (the time axis runs from 0 to here). */
  end_ps: number;
}

/** Points a raster keeps in all; HTML with more than this many dots gets slow to open. */
export const RASTER_POINTS = 20_000;

/**
 * Collects raster points with a bounded memory: each population keeps its
 * first `capPerPopulation` spikes and only counts the rest.
 */
export class RasterCollector {
  private readonly rows: SpikeRasterData['populations'];
  private readonly pop: number[] = [];
  private readonly neuron: number[] = [];
  private readonly time: number[] = [];

  constructor(
    rows: { name: string; size: number }[],
    readonly capPerPopulation = Math.max(1, Math.floor(RASTER_POINTS / Math.max(1, rows.length))),
  ) {
    this.rows = rows.map((r) => ({ ...r, total_spikes: 0, shown_spikes: 0 }));
  }

  add(population: number, neuron: number, timePs: number): void {
    const row = this.rows[population]!;
    row.total_spikes++;
    if (row.shown_spikes >= this.capPerPopulation) return;
    row.shown_spikes++;
    this.pop.push(population);
    this.neuron.push(neuron);
    this.time.push(timePs);
  }

  data(endPs: number): SpikeRasterData {
    return {
      populations: this.rows,
      population: this.pop,
      neuron: this.neuron,
      time_ps: this.time,
      cap_per_population: this.capPerPopulation,
      end_ps: endPs,
    };
  }
}
