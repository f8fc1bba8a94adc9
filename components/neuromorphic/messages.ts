/** Neurons (or input addresses) that spiked together at one edge, sent to the projections they feed. */
export interface SpikeBatch {
  /** Indices of the spiking sources, ascending. */
  sources: Int32Array;
}

/** What a synapse array hands its post-synaptic population for one presynaptic batch. */
export interface SynapticDrive {
  /** Edges of the post-synaptic clock between arrival and delivery (the synapse's delay). */
  delayCycles: number;
  /** Increment of each post-synaptic neuron's synaptic node I, mV (0 = no connection touched it). */
  dIMv: Float64Array;
}
