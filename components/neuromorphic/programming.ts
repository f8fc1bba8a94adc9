import type { Rng } from '../../core/index.js';
import { deviceLevels, quantiseG, type DeviceParams } from './device.js';

/** Device non-idealities applied when a weight is programmed (all optional, all from the component's seeded stream). */
export interface ProgrammingEffects {
  /** Device-to-device programming variation: σ of a normal error as a fraction of (G_max − G_min). */
  variation: number;
  /** Probability that a device is stuck at G_max (stuck-on). */
  stuckOnProb: number;
  /** Probability that a device is stuck at G_min (stuck-off). */
  stuckOffProb: number;
}

/** A signed weight realised by a differential pair. */
export interface ConductancePair {
  gPlusNs: number;
  gMinusNs: number;
  /** G⁺ is stuck (at G_max or G_min): later programming pulses do not move it. */
  stuckPlus: boolean;
  /** G⁻ is stuck. */
  stuckMinus: boolean;
}

/**
 * Programs weights into G⁺/G⁻ pairs: the magnitude goes on one device above
 * G_min (the other stays at G_min), each device is quantised to its nearest
 * level, then disturbed by variation and faults. The draws per device are
 * always the same two (fault, variation), so one device's draws never depend
 * on another's value.
 */
export class PairProgrammer {
  readonly levels: Float64Array;

  constructor(
    readonly device: DeviceParams,
    readonly effects: ProgrammingEffects,
    private readonly rng: Rng,
  ) {
    this.levels = deviceLevels(device);
  }

  /** Target conductance difference → programmed pair (G⁺ − G⁻ ≈ target, clipped to the range). */
  program(targetDiffNs: number): ConductancePair {
    const d = this.device;
    const mag = Math.min(Math.abs(targetDiffNs), d.gMaxNs - d.gMinNs);
    const high = quantiseG(d.gMinNs + mag, this.levels);
    const plus = this.disturb(targetDiffNs >= 0 ? high : d.gMinNs);
    const minus = this.disturb(targetDiffNs >= 0 ? d.gMinNs : high);
    return { gPlusNs: plus.g, gMinusNs: minus.g, stuckPlus: plus.stuck, stuckMinus: minus.stuck };
  }

  private disturb(gNs: number): { g: number; stuck: boolean } {
    const d = this.device;
    const e = this.effects;
    const u = this.rng.nextFloat();
    const noise = this.rng.nextGaussian(0, e.variation * (d.gMaxNs - d.gMinNs));
    if (u < e.stuckOnProb) return { g: d.gMaxNs, stuck: true };
    if (u < e.stuckOnProb + e.stuckOffProb) return { g: d.gMinNs, stuck: true };
    return { g: Math.min(d.gMaxNs, Math.max(d.gMinNs, gNs + noise)), stuck: false };
  }
}
