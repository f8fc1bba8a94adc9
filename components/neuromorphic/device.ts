import { HelenError } from '../../core/index.js';

/** A memristive device as the synapse array programs it (conductances in nS). */
export interface DeviceParams {
  /** Lowest conductance (fully depressed), nS. */
  gMinNs: number;
  /** Highest conductance (fully potentiated), nS. */
  gMaxNs: number;
  /** Programmable levels, counting G_min and G_max: pulse numbers 0 … levels−1. */
  levels: number;
  /** NeuroSim's A for potentiation, in pulses; 0 means a linear device (the A → ∞ limit). */
  aLtp: number;
  /** NeuroSim's A for depression, in pulses; 0 means linear. */
  aLtd: number;
}

/** Checks a device description; bad combinations are user errors, not NaNs later. */
export function checkDevice(d: DeviceParams): void {
  if (!(d.gMinNs >= 0 && d.gMaxNs > d.gMinNs))
    throw new HelenError(
      'E_VALUE',
      `device conductances need 0 ≤ g_min_ns < g_max_ns, got ${d.gMinNs} and ${d.gMaxNs}`,
    );
  if (!(Number.isInteger(d.levels) && d.levels >= 2))
    throw new HelenError('E_VALUE', `a device needs at least 2 levels, got ${d.levels}`);
  if (!(d.aLtp >= 0 && d.aLtd >= 0)) throw new HelenError('E_VALUE', 'nonlinearity A must be ≥ 0 pulses (0 = linear)');
}

/** Fraction of the range reached after P of Pmax pulses: (1 − e^(−P/A))/(1 − e^(−Pmax/A)), or P/Pmax when linear. */
function curveFraction(pulses: number, pMax: number, a: number): number {
  if (a === 0) return pulses / pMax;
  return -Math.expm1(-pulses / a) / -Math.expm1(-pMax / a);
}

/**
 * NeuroSim's potentiation curve: G(P) = B·(1 − e^(−P/A)) + G_min with
 * B = (G_max − G_min)/(1 − e^(−Pmax/A)), so G(0) = G_min and G(Pmax) = G_max.
 */
export function potentiationG(pulses: number, d: DeviceParams): number {
  return d.gMinNs + (d.gMaxNs - d.gMinNs) * curveFraction(pulses, d.levels - 1, d.aLtp);
}

/** Depression mirrors it from G_max: G(P) = G_max − B_d·(1 − e^(−P/A_d)), reaching G_min at Pmax. */
export function depressionG(pulses: number, d: DeviceParams): number {
  return d.gMaxNs - (d.gMaxNs - d.gMinNs) * curveFraction(pulses, d.levels - 1, d.aLtd);
}

/** The (fractional) number of potentiation pulses from G_min that reaches G: the inverse of `potentiationG`. */
export function potentiationPulses(gNs: number, d: DeviceParams): number {
  const pMax = d.levels - 1;
  const f = (gNs - d.gMinNs) / (d.gMaxNs - d.gMinNs);
  if (d.aLtp === 0) return f * pMax;
  return -d.aLtp * Math.log1p(f * Math.expm1(-pMax / d.aLtp));
}

/** The (fractional) number of depression pulses from G_max that reaches G: the inverse of `depressionG`. */
export function depressionPulses(gNs: number, d: DeviceParams): number {
  const pMax = d.levels - 1;
  const f = (d.gMaxNs - gNs) / (d.gMaxNs - d.gMinNs);
  if (d.aLtd === 0) return f * pMax;
  return -d.aLtd * Math.log1p(f * Math.expm1(-pMax / d.aLtd));
}

/** The device's programmable conductances: G(P) for P = 0 … levels−1, ascending. */
export function deviceLevels(d: DeviceParams): Float64Array {
  const out = new Float64Array(d.levels);
  for (let p = 0; p < d.levels; p++) out[p] = potentiationG(p, d);
  out[d.levels - 1] = d.gMaxNs;
  return out;
}

/** The level nearest to G (G is clipped to the range first); ties go to the lower level. */
export function quantiseG(gNs: number, levels: Float64Array): number {
  let lo = 0;
  let hi = levels.length - 1;
  if (gNs <= levels[lo]!) return levels[lo]!;
  if (gNs >= levels[hi]!) return levels[hi]!;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (levels[mid]! <= gNs) lo = mid;
    else hi = mid;
  }
  return gNs - levels[lo]! <= levels[hi]! - gNs ? levels[lo]! : levels[hi]!;
}
