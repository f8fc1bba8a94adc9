import { componentsOfType, type Elaboration, type OutputFileDecl, type OutputFileWriter } from '../../../core/index.js';
import { AerCsvWriter, AtomicTextWriter } from '../../../workloads/spikes/index.js';
import { synapseArray } from '../synapse-array.js';
import { SpikeTap, type TappedSpike } from './spike-tap.js';

/** Columns of the `weights` output (`--dump-weights`): weights in mV of ΔI per presynaptic spike, conductances in nS. */
export const WEIGHTS_HEADER = 'projection,pre,post,weight_target,weight_effective,g_plus,g_minus';

/**
 * Starts writing the output populations' spikes of `model` to `file` as AER
 * CSV (`t_us,address`). Output populations are those none of whose output
 * ports is linked; with several, the second one's addresses follow the
 * first's (elaboration order), and so on. Spikes are written as the run goes
 * (at every drain of the model's SpikeTap), so memory stays bounded.
 */
export function openSpikesOut(model: Elaboration, file: string): OutputFileWriter {
  const tap = SpikeTap.of(model);
  const offsets: (number | undefined)[] = [];
  let next = 0;
  tap.populations.forEach((p, k) => {
    offsets.push(tap.isSink[k] ? next : undefined);
    if (tap.isSink[k]) next += p.bank.size;
  });
  const writer = new AerCsvWriter(file);
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
  return {
    commit: () => {
      tap.drain();
      writer.commit();
      return writer.events;
    },
    abort: () => writer.abort(),
  };
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
    for (const c of componentsOfType(model.sim.components, synapseArray)) {
      const cols = c.cols;
      for (let k = 0; k < c.connected.length; k++) {
        if (!c.connected[k]) continue;
        out.write(
          `${c.path},${Math.floor(k / cols)},${k % cols},${c.targetWeightsMv[k]},${c.effectiveWeightsMv[k]},${c.gPlusNs[k]},${c.gMinusNs[k]}\n`,
        );
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

/** `spikes` (what `helen run --spikes-out` asks for), declared by neuromorphic.lif_population. */
export const spikesOutput: OutputFileDecl = {
  description: "the output populations' spikes as AER CSV (t_us,address), written as the run goes",
  open: openSpikesOut,
};

/** `weights` (what `helen run --dump-weights` asks for), declared by neuromorphic.synapse_array; taken at the end of the run. */
export const weightsOutput: OutputFileDecl = {
  description: `every synapse's target and realised weight and its conductances, as CSV (${WEIGHTS_HEADER})`,
  open: (model, file) => ({ commit: () => writeWeightsCsv(model, file), abort: () => {} }),
};
