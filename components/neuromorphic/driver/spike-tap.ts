import { componentsOfType, type Elaboration } from '../../../core/index.js';
import { lifPopulation, type LifPopulation } from '../lif-population.js';

/** One spike of a population, read from its spike log. */
export interface TappedSpike {
  timePs: number;
  /** Index of the population in `SpikeTap.populations`. */
  population: number;
  neuron: number;
}

/** Receives the spikes of each drain, in population order (not merged by time). */
export type SpikeListener = (spikes: readonly TappedSpike[]) => void;

const taps = new WeakMap<Elaboration, SpikeTap>();

/**
 * Reads the spikes every LIF population of a model emits. It turns on the
 * populations' spike logs and empties them at each `drain`, so a long run
 * holds only the spikes since the last drain (the spike driver drains at
 * every input time stamp). One tap per model: the workload driver and the
 * `--spikes-out` writer share it.
 */
export class SpikeTap {
  /** The model's populations in elaboration order. */
  readonly populations: LifPopulation[];
  /** Whether each population's spikes leave the chip (none of its output ports is linked). */
  readonly isSink: boolean[];
  private readonly listeners: SpikeListener[] = [];

  private constructor(model: Elaboration) {
    this.populations = componentsOfType(model.sim.components, lifPopulation);
    this.isSink = this.populations.map((p) => [...p.outPorts.values()].every((port) => !port.link));
    for (const p of this.populations) p.recordSpikes = true;
  }

  /** The tap of `model`, created on first use. */
  static of(model: Elaboration): SpikeTap {
    let t = taps.get(model);
    if (!t) taps.set(model, (t = new SpikeTap(model)));
    return t;
  }

  subscribe(listener: SpikeListener): void {
    this.listeners.push(listener);
  }

  /** Hands every spike logged since the last drain to the listeners and forgets it. */
  drain(): void {
    const out: TappedSpike[] = [];
    this.populations.forEach((pop, k) => {
      const log = pop.spikeLog;
      if (log.length === 0) return;
      for (const [cycle, neuron] of log) out.push({ timePs: pop.clock.cycleToTimePs(cycle), population: k, neuron });
      log.length = 0;
    });
    if (out.length === 0) return;
    for (const l of this.listeners) l(out);
  }
}
