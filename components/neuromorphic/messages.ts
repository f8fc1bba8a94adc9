/** Neurons (or input addresses) that spiked together at one edge, sent to the projections they feed. */
export interface SpikeBatch {
  /** Indices of the spiking sources, ascending. */
  sources: Int32Array;
}

/** What a synapse array hands its post-synaptic population for one presynaptic batch. */
export interface SynapticDrive {
  /** Edges of the post-synaptic clock between arrival and delivery (the synapse's delay). */
  delayCycles: number;
  /**
   * Increment of each post-synaptic neuron's synaptic node I, mV: one per neuron
   * (0 = no connection touched it), or with `columns` one per listed neuron.
   */
  dIMv: Float64Array;
  /** Sparse form: the neurons `dIMv`'s entries are for, ascending and distinct; the others receive nothing. */
  columns?: Int32Array;
  /** Neurons the drive is for (the array's columns); required with `columns`, else the length of `dIMv`. */
  neurons?: number;
  /** Called by the receiver once it has taken the increments: the sender may then reuse the arrays. */
  release?: () => void;
}

/** Neurons a drive is for. */
export function driveWidth(d: SynapticDrive): number {
  return d.columns ? (d.neurons ?? 0) : d.dIMv.length;
}

/** A drive as one increment per neuron (a copy for the sparse form). */
export function denseDrive(d: SynapticDrive): Float64Array {
  if (!d.columns) return d.dIMv;
  const out = new Float64Array(driveWidth(d));
  for (let k = 0; k < d.columns.length; k++) out[d.columns[k]!] = d.dIMv[k]!;
  return out;
}
