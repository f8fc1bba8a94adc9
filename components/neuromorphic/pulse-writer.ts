import type { Rng } from '../../core/index.js';
import { depressionG, depressionPulses, potentiationG, potentiationPulses, type DeviceParams } from './device.js';

/** 1 mV² · 1 nS · 1 ps = 1e-27 J = 1e-15 pJ. */
const PJ_PER_MV2_NS_PS = 1e-15;

/** How programming pulses are applied to a device (NeuroSim's write model). */
export interface WriteParams {
  /** Amplitude of a potentiation (LTP) pulse, mV (NeuroSim: 3.2 V). */
  vLtpMv: number;
  /** Amplitude of a depression (LTD) pulse, mV (NeuroSim: 2.8 V). */
  vLtdMv: number;
  /** Width of one programming pulse, ps (NeuroSim: 300 µs). */
  pulsePs: number;
  /** Cycle-to-cycle variation: σ of ΔG as a fraction of (G_max − G_min), per √pulse (NeuroSim: 0.035). */
  c2cVariation: number;
  /** Peripheral (driver, decoder) energy per pulse beside the device's own, pJ. */
  energyPerPulsePj: number;
}

/** What one burst of n pulses on one device did. */
export interface WriteResult {
  /** Conductance after the pulses, nS. */
  gNs: number;
  /** Device energy Vw²·(G_prev + G_new)/2·PW·n plus the periphery's, pJ. */
  energyPj: number;
  /** Time the pulses take, n·PW, ps. */
  timePs: number;
}

/**
 * Moves a device along NeuroSim's nonlinear update curve: its current
 * conductance is located on the potentiation (or depression) curve as a
 * fractional pulse number P, the device goes to G(P + n) (saturating at the
 * curve's end), then cycle-to-cycle noise N(0, σ·(G_max − G_min))·√n is added
 * and the result clipped to the range (docs/references.md, memristor device models).
 */
export class PulseWriter {
  constructor(
    readonly device: DeviceParams,
    readonly write: WriteParams,
    private readonly rng: Rng,
  ) {}

  /** n ≥ 1 potentiation pulses on a device at G. */
  potentiate(gNs: number, n: number): WriteResult {
    const d = this.device;
    const pMax = d.levels - 1;
    const p = Math.min(pMax, Math.max(0, potentiationPulses(gNs, d)) + n);
    return this.finish(gNs, p >= pMax ? d.gMaxNs : potentiationG(p, d), n, this.write.vLtpMv);
  }

  /** n ≥ 1 depression pulses on a device at G. */
  depress(gNs: number, n: number): WriteResult {
    const d = this.device;
    const pMax = d.levels - 1;
    const p = Math.min(pMax, Math.max(0, depressionPulses(gNs, d)) + n);
    return this.finish(gNs, p >= pMax ? d.gMinNs : depressionG(p, d), n, this.write.vLtdMv);
  }

  private finish(gPrev: number, gIdeal: number, n: number, vMv: number): WriteResult {
    const d = this.device;
    const w = this.write;
    let g = gIdeal;
    // Drawn only when enabled, so turning variation on never shifts other streams.
    if (w.c2cVariation > 0) g += this.rng.nextGaussian(0, w.c2cVariation * (d.gMaxNs - d.gMinNs)) * Math.sqrt(n);
    g = Math.min(d.gMaxNs, Math.max(d.gMinNs, g));
    const energyPj = vMv * vMv * ((gPrev + g) / 2) * w.pulsePs * n * PJ_PER_MV2_NS_PS + n * w.energyPerPulsePj;
    return { gNs: g, energyPj, timePs: n * w.pulsePs };
  }
}
