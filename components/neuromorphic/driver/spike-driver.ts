import { HelenError, componentsOfType, type DriverType, type Elaboration } from '../../../core/index.js';
import { locateOperationError, PhaseTracker } from '../../../core/index.js';
import type { PhaseReport, WorkloadDriver, WorkloadSummary } from '../../../core/index.js';
import type { AddressEvent, SpikeSource, SpikesWorkload, SpikeStream } from '../../../workloads/spikes/index.js';
import { spikeInput, type SpikeInput } from '../spike-input.js';
import { RasterCollector } from './raster.js';
import { snnWorkloadSummary } from './snn-summary.js';
import { SpikeTap } from './spike-tap.js';
import { WindowScorer } from './window-scorer.js';

/** The one spike input of the model; none or several is an error naming them. */
export function findSpikeInput(model: Elaboration, file: string): SpikeInput {
  const inputs = componentsOfType(model.sim.components, spikeInput);
  if (inputs.length !== 1) {
    const found = inputs.length ? `found ${inputs.length}: ${inputs.map((c) => c.path).join(', ')}` : 'found none';
    throw new HelenError(
      'E_WORKLOAD',
      `a spike workload drives exactly one neuromorphic.spike_input; ${model.spec.name} ${found}`,
      { file },
    );
  }
  return inputs[0]!;
}

/**
 * Feeds a spike source into the spike input: events with the same time stamp
 * leave as one batch, at that time; the source is read only as far as the
 * simulation has got, so recordings of any length run in bounded memory.
 * At every batch it also drains the populations' spike logs (raster, and any
 * `--spikes-out` writer subscribed to the model's SpikeTap).
 */
export class SpikeDriver implements WorkloadDriver {
  private readonly tracker: PhaseTracker;
  private readonly tap: SpikeTap;
  private readonly raster: RasterCollector;
  private held: AddressEvent | undefined;
  private eof = false;
  private spikesIn = 0;
  /** Addresses of the batch being collected (reused from batch to batch). */
  private addresses = new Int32Array(256);
  private wallStartMs = 0;
  private scorer: WindowScorer | undefined;
  operationsIssued = 0;

  constructor(
    private readonly source: SpikeSource,
    private readonly model: Elaboration,
    private readonly input: SpikeInput,
    /** Inferences the workload stands for, for energy per inference. */
    private readonly inferences = 1,
  ) {
    this.tracker = new PhaseTracker(model);
    this.tap = SpikeTap.of(model);
    this.raster = new RasterCollector([
      { name: input.path, size: input.size },
      ...this.tap.populations.map((p) => ({ name: p.path, size: p.bank.size })),
    ]);
    this.tap.subscribe((spikes) => {
      for (const s of spikes) this.raster.add(s.population + 1, s.neuron, s.timePs);
    });
  }

  /** Scores the run on labelled windows (the output population's spikes in each). */
  scoreWindows(windows: SpikeStream['windows'], file: string): this {
    if (windows) this.scorer = new WindowScorer(windows, this.tap, file);
    return this;
  }

  get finished(): boolean {
    return this.eof && this.held === undefined;
  }

  start(): void {
    this.wallStartMs = performance.now();
    this.tracker.begin('spikes');
    this.model.sim.scheduleAt(this.model.sim.nowPs, this.pump);
  }

  phases(): PhaseReport[] {
    return this.tracker.phases();
  }

  fraction(): number | undefined {
    return this.source.fraction();
  }

  outstanding(): string[] {
    return [];
  }

  summary(): WorkloadSummary {
    this.tap.drain();
    const wallS = (performance.now() - this.wallStartMs) / 1000;
    return snnWorkloadSummary(this.model, {
      spikesIn: this.spikesIn,
      wallS,
      inferences: this.inferences,
      raster: this.raster.data(this.model.sim.nowPs),
      ...(this.scorer ? { score: this.scorer.score() } : {}),
    });
  }

  /** Emits every event due now as one batch, then sleeps until the next time stamp. */
  private readonly pump = (): void => {
    this.tap.drain();
    const now = this.model.sim.nowPs;
    let n = 0;
    if (this.held) {
      n = this.collect(n, this.held.address);
      this.held = undefined;
    }
    for (;;) {
      const ev = this.source.next();
      if (!ev) {
        this.eof = true;
        this.source.close();
        break;
      }
      if (ev.timePs > now) {
        this.held = ev;
        this.model.sim.scheduleAt(ev.timePs, this.pump);
        break;
      }
      n = this.collect(n, ev.address);
    }
    if (n === 0) return;
    // Ascending and distinct, as a SpikeBatch promises: sort the addresses, then drop repeats in place.
    const addresses = this.addresses.subarray(0, n).sort();
    let distinct = 1;
    for (let k = 1; k < n; k++) if (addresses[k] !== addresses[distinct - 1]) addresses[distinct++] = addresses[k]!;
    const sorted = addresses.slice(0, distinct);
    this.operationsIssued += n;
    for (let k = 0; k < n; k++) this.tracker.countOperation();
    this.spikesIn += distinct;
    for (let k = 0; k < distinct; k++) this.raster.add(0, sorted[k]!, now);
    try {
      this.input.emit(sorted);
    } catch (e) {
      throw locateOperationError(e, () => this.source.where);
    }
  };

  /** Appends an address to this batch's list (grown as needed); returns the new length. */
  private collect(n: number, address: number): number {
    if (n === this.addresses.length) {
      const grown = new Int32Array(2 * n);
      grown.set(this.addresses);
      this.addresses = grown;
    }
    this.addresses[n] = address;
    return n + 1;
  }
}

/**
 * Runs a spike stream (a recording or a generator) on a spiking network: the
 * events enter through the model's one neuromorphic.spike_input, which gives
 * the stream its address space.
 */
export const snnSpikesDriver: DriverType<SpikesWorkload> = {
  name: 'snn-spikes',
  description: 'spike streams into the one neuromorphic.spike_input of a spiking network',
  accepts: 'spikes',
  fits: (model) => componentsOfType(model.sim.components, spikeInput).length > 0,
  open: (workload, model) => {
    const input = findSpikeInput(model, workload.file);
    const stream = workload.open({ size: input.size, path: input.path }, model.sim.seed);
    return new SpikeDriver(stream.source, model, input, stream.inferences).scoreWindows(stream.windows, workload.file);
  },
};
