import { SpikeTraces, stdpPulses, type StdpParams } from './stdp.js';

/**
 * Pair-based STDP over a rows × cols array, in trace form: a presynaptic spike
 * depresses each of its synapses by round(A⁻·y_j) pulses (y_j: the
 * postsynaptic trace, post→pre pairs), a postsynaptic spike potentiates each
 * synapse onto it by round(A⁺·x_i) pulses (x_i: the presynaptic trace). The
 * learner decides pulse counts; the array applies them to its devices.
 */
export class StdpLearner {
  readonly pre: SpikeTraces;
  readonly post: SpikeTraces;
  private readonly scratchRows: Float64Array;
  private readonly scratchCols: Float64Array;

  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly rule: StdpParams,
    private readonly connected: Uint8Array,
    /** Applies `pulses` (> 0 potentiate, < 0 depress) to synapse k = row·cols + col. */
    private readonly apply: (k: number, pulses: number) => void,
  ) {
    this.pre = new SpikeTraces(rows, rule.tauPlusPs);
    this.post = new SpikeTraces(cols, rule.tauMinusPs);
    this.scratchRows = new Float64Array(rows);
    this.scratchCols = new Float64Array(cols);
  }

  /** Presynaptic rows spiked at t: depression from earlier postsynaptic spikes, then the rows' traces grow. */
  onPre(sources: ArrayLike<number>, tPs: number): void {
    const { cols, rule } = this;
    const y = this.scratchCols;
    for (let j = 0; j < cols; j++) y[j] = this.post.valueBefore(j, tPs);
    for (let s = 0; s < sources.length; s++) {
      const base = sources[s]! * cols;
      for (let j = 0; j < cols; j++) {
        if (!this.connected[base + j]) continue;
        const n = stdpPulses(rule.aMinusPulses, y[j]!);
        if (n > 0) this.apply(base + j, -n);
      }
    }
    for (let s = 0; s < sources.length; s++) this.pre.record(sources[s]!, tPs);
  }

  /** Postsynaptic neurons spiked at t: potentiation from earlier presynaptic spikes, then their traces grow. */
  onPost(targets: ArrayLike<number>, tPs: number): void {
    const { rows, cols, rule } = this;
    const x = this.scratchRows;
    for (let i = 0; i < rows; i++) x[i] = this.pre.valueBefore(i, tPs);
    for (let s = 0; s < targets.length; s++) {
      const j = targets[s]!;
      for (let i = 0; i < rows; i++) {
        const k = i * cols + j;
        if (!this.connected[k]) continue;
        const n = stdpPulses(rule.aPlusPulses, x[i]!);
        if (n > 0) this.apply(k, n);
      }
    }
    for (let s = 0; s < targets.length; s++) this.post.record(targets[s]!, tPs);
  }
}
