import type { Component, Elaboration } from '../core/index.js';
import { SynapseArray } from '../components/neuromorphic/index.js';
import { AerCsvWriter, AtomicTextWriter, SpikeTap, type TappedSpike } from '../workloads/spikes/index.js';

/** Files a spiking run can write beside its report. */
export interface SpikeOutputFiles {
  /** AER CSV (`t_us,address`) of the output populations' spikes (`--spikes-out`). */
  spikesOut?: string;
  /** CSV of every synapse's target and realised weight and its two conductances (`--dump-weights`). */
  dumpWeights?: string;
}

/** Columns of the `--dump-weights` CSV: weights in mV of ΔI per presynaptic spike, conductances in nS. */
export const WEIGHTS_HEADER = 'projection,pre,post,weight_target,weight_effective,g_plus,g_minus';

/**
 * Writes the output spikes and the weights of a spiking run. Hook `onModel`
 * into the run's options, call `commit` once it has returned and `abort` if
 * it failed: both files are written to temporary names and renamed only by
 * `commit`, so a failed run leaves no partial file.
 *
 * Output populations are those none of whose output ports is linked; with
 * several, the second one's addresses follow the first's (elaboration order),
 * and so on. Spikes are written as the run goes (at every input time stamp),
 * so memory stays bounded on long runs.
 */
export class SpikeOutputs {
  private model: Elaboration | undefined;
  private spikes: AerCsvWriter | undefined;
  /** Spikes written to `spikesOut`. */
  spikesWritten = 0;

  constructor(readonly files: SpikeOutputFiles) {}

  /** Whether any file was asked for. */
  get wanted(): boolean {
    return this.files.spikesOut !== undefined || this.files.dumpWeights !== undefined;
  }

  readonly onModel = (model: Elaboration): void => {
    this.model = model;
    if (this.files.spikesOut === undefined) return;
    const tap = SpikeTap.of(model);
    const offsets: (number | undefined)[] = [];
    let next = 0;
    tap.populations.forEach((p, k) => {
      offsets.push(tap.isSink[k] ? next : undefined);
      if (tap.isSink[k]) next += p.bank.size;
    });
    const writer = (this.spikes = new AerCsvWriter(this.files.spikesOut));
    tap.subscribe((batch: readonly TappedSpike[]) => {
      const rows: [number, number][] = [];
      for (const s of batch) {
        const base = offsets[s.population];
        if (base !== undefined) rows.push([s.timePs, base + s.neuron]);
      }
      // One drain holds populations one after another; the file must be in time order.
      rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      for (const [t, a] of rows) writer.write(t, a);
    });
  };

  /** Writes what is left and moves the files into place. */
  commit(): void {
    const model = this.model;
    if (!model) return;
    if (this.spikes) {
      SpikeTap.of(model).drain();
      this.spikesWritten = this.spikes.events;
      this.spikes.commit();
    }
    if (this.files.dumpWeights !== undefined) writeWeightsCsv(model, this.files.dumpWeights);
  }

  abort(): void {
    this.spikes?.abort();
  }
}

/**
 * Writes one row per existing synapse of every synapse array: the weight it was
 * asked for, the weight its pair realises ((G⁺ − G⁻)·V·t/C, after quantisation,
 * variation and faults), and G⁺, G⁻. Atomic like every Helen output.
 */
export function writeWeightsCsv(model: Elaboration, file: string): number {
  const out = new AtomicTextWriter(file);
  let rows = 0;
  try {
    out.write(WEIGHTS_HEADER + '\n');
    for (const c of model.sim.components as Component[]) {
      if (!(c instanceof SynapseArray)) continue;
      const cols = c.params['cols'] as number;
      for (let k = 0; k < c.connected.length; k++) {
        if (!c.connected[k]) continue;
        out.write(`${c.path},${Math.floor(k / cols)},${k % cols},${c.targetWeightsMv[k]},${c.effectiveWeightsMv[k]},${c.gPlusNs[k]},${c.gMinusNs[k]}\n`);
        rows++;
      }
    }
    out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
  return rows;
}
