import type { NeutralWorkload } from '../../core/index.js';
import type { SpikeSource } from './events.js';

/**
 * The address space a spike stream lands on: addresses 0 … size−1, named
 * `path` in messages. Sensor geometry (x,y,p recordings, N-MNIST) and range
 * checks depend on it, so a stream is opened only once it is known.
 */
export interface SpikeTarget {
  size: number;
  path: string;
}

/** A stretch of a stream that shows one labelled sample: output spikes in [startPs, endPs) vote for its class. */
export interface LabelledWindow {
  startPs: number;
  endPs: number;
  /** The class shown (an output neuron's index). */
  label: number;
}

/** A spike stream opened on a target: its events, and how many inferences it stands for. */
export interface SpikeStream {
  source: SpikeSource;
  /** Inferences the stream stands for (energy per inference divides by it); a recording is one. */
  inferences: number;
  /** Labelled windows in time order, not overlapping, when the stream can score a run (e.g. MNIST digits). */
  windows?: readonly LabelledWindow[];
}

/**
 * Address events in time order (a recording or a generator), in neutral
 * form. The events are not held: `open` streams them from the file (or the
 * generator) as a run consumes them, so recordings of any length run in
 * bounded memory.
 */
export interface SpikesWorkload extends NeutralWorkload {
  readonly kind: 'spikes';
  /** Starts a stream of the events onto `target`; `runSeed` seeds generators whose file gives no seed. */
  open(target: SpikeTarget, runSeed: number): SpikeStream;
}
