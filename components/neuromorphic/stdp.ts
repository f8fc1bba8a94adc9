/** Pair-based STDP constants (trace form). */
export interface StdpParams {
  /** Potentiation pulses for a pre→post pair at Δt → 0⁺ (the window's A⁺, in programming pulses). */
  aPlusPulses: number;
  /** Depression pulses for a post→pre pair at Δt → 0⁻ (A⁻, in pulses). */
  aMinusPulses: number;
  /** Decay of the presynaptic trace τ⁺, ps. */
  tauPlusPs: number;
  /** Decay of the postsynaptic trace τ⁻, ps. */
  tauMinusPs: number;
}

/**
 * Exponential spike traces x(t) = Σ e^(−(t − t_k)/τ) over spikes t_k < t, one
 * per neuron, updated only when that neuron spikes. Spikes at exactly t are
 * left out of x(t), so a pre and a post spike at the same instant form no
 * pair whichever message the kernel delivers first (the rule stays
 * independent of event order).
 */
export class SpikeTraces {
  /** Trace value at `lastPs`, from spikes strictly before it. */
  private readonly before: Float64Array;
  /** Spikes at exactly `lastPs`. */
  private readonly atLast: Int32Array;
  private readonly lastPs: Float64Array;

  constructor(
    size: number,
    readonly tauPs: number,
  ) {
    this.before = new Float64Array(size);
    this.atLast = new Int32Array(size);
    this.lastPs = new Float64Array(size).fill(-Infinity);
  }

  /** x_i(t) from spikes strictly before t (t never earlier than i's last spike). */
  valueBefore(i: number, tPs: number): number {
    const last = this.lastPs[i]!;
    if (tPs === last) return this.before[i]!;
    if (last === -Infinity) return 0;
    return (this.before[i]! + this.atLast[i]!) * Math.exp(-(tPs - last) / this.tauPs);
  }

  /** Records a spike of i at t. */
  record(i: number, tPs: number): void {
    if (tPs === this.lastPs[i]) {
      this.atLast[i]!++;
      return;
    }
    this.before[i] = this.valueBefore(i, tPs);
    this.atLast[i] = 1;
    this.lastPs[i] = tPs;
  }
}

/**
 * Pulses a pair at Δt contributes: round(A·e^(−|Δt|/τ)), summed over earlier
 * spikes through the trace. Rounding to whole pulses is what a pulse-programmed
 * device can do; pairs too far apart give no pulse at all.
 */
export function stdpPulses(aPulses: number, trace: number): number {
  return Math.round(aPulses * trace);
}
