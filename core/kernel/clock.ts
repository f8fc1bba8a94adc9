import { HelenError } from '../errors.js';
import { EXACT_TIME_RANGE, type TimePs } from './time.js';

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * A clock domain. The period is a rational number of picoseconds
 * (`periodNumPs / periodDen`) so that clocks such as 1.2 GHz (2500/3 ps) stay exact:
 * edge `c` is at `phasePs + floor(c · periodNumPs / periodDen)`, and
 * cycle ⇄ time conversions are exact integer arithmetic, never floats.
 */
export class Clock {
  /** Name of the domain, e.g. `core` or `tile`. */
  readonly name: string;
  /** Numerator of the period in ps. */
  readonly periodNumPs: number;
  /** Denominator of the period (1 for integer-ps periods). */
  readonly periodDen: number;
  /** Time of cycle 0's edge. */
  readonly phasePs: TimePs;

  constructor(name: string, periodNumPs: number, periodDen = 1, phasePs: TimePs = 0) {
    if (!Number.isSafeInteger(periodNumPs) || periodNumPs <= 0 || !Number.isSafeInteger(periodDen) || periodDen <= 0) {
      throw new HelenError('E_CLOCK', `clock "${name}": period must be a positive rational number of picoseconds`);
    }
    if (!Number.isSafeInteger(phasePs) || phasePs < 0) {
      throw new HelenError('E_CLOCK', `clock "${name}": phase must be a non-negative whole number of picoseconds`);
    }
    if (periodNumPs < periodDen) {
      // Two edges would share one picosecond and cycle ⇄ time would stop being a bijection.
      throw new HelenError(
        'E_CLOCK',
        `clock "${name}": period ${periodNumPs}/${periodDen} ps is below 1 ps (faster than 1 THz)`,
      );
    }
    const g = gcd(periodNumPs, periodDen);
    this.name = name;
    this.periodNumPs = periodNumPs / g;
    this.periodDen = periodDen / g;
    this.phasePs = phasePs;
  }

  /** A clock with an integer period in picoseconds. */
  static fromPeriodPs(name: string, periodPs: number, phasePs: TimePs = 0): Clock {
    return new Clock(name, periodPs, 1, phasePs);
  }

  /** A clock from a frequency in Hz; exact when the frequency is a whole number of Hz. */
  static fromFrequencyHz(name: string, frequencyHz: number, phasePs: TimePs = 0): Clock {
    if (!(frequencyHz > 0) || !Number.isFinite(frequencyHz)) {
      throw new HelenError('E_CLOCK', `clock "${name}": frequency must be positive, got ${frequencyHz}`);
    }
    // Scale fractional Hz up until integral so 1.5 Hz-style inputs still give an exact rational.
    let num = 1e12;
    let den = frequencyHz;
    while (!Number.isInteger(den) && num < 1e15) {
      num *= 10;
      den *= 10;
    }
    den = Math.round(den);
    const g = gcd(num, den);
    return new Clock(name, num / g, den / g, phasePs);
  }

  /** The period in ps as a float (for display and rates only; never for scheduling). */
  get periodPs(): number {
    return this.periodNumPs / this.periodDen;
  }

  /** Frequency in Hz. */
  get frequencyHz(): number {
    return (1e12 * this.periodDen) / this.periodNumPs;
  }

  /** Whether the edge of `cycle` lies within the exact time range (else `cycleToTimePs` throws E_TIME_OVERFLOW). */
  isExactCycle(cycle: number): boolean {
    return Number.isSafeInteger(cycle * this.periodNumPs);
  }

  /** Time of the rising edge of `cycle`. */
  cycleToTimePs(cycle: number): TimePs {
    const product = cycle * this.periodNumPs;
    if (!Number.isSafeInteger(product)) {
      throw new HelenError(
        'E_TIME_OVERFLOW',
        `clock "${this.name}": cycle ${cycle} is beyond the exact time range of ${EXACT_TIME_RANGE}`,
      );
    }
    return this.phasePs + Math.floor(product / this.periodDen);
  }

  /** The last cycle whose edge is at or before `t` (-1 before cycle 0). */
  cycleAtOrBefore(t: TimePs): number {
    const x = t - this.phasePs;
    if (x < 0) return -1;
    // floor(c·n/d) ≤ x  ⇔  c ≤ floor(((x+1)·d − 1)/n)
    return Math.floor(((x + 1) * this.periodDen - 1) / this.periodNumPs);
  }

  /** The first cycle whose edge is at or after `t`. */
  cycleAtOrAfter(t: TimePs): number {
    const x = t - this.phasePs;
    if (x <= 0) return 0;
    // floor(c·n/d) ≥ x  ⇔  c·n ≥ x·d  (x is an integer)
    return Math.ceil((x * this.periodDen) / this.periodNumPs);
  }

  /** The time of the first edge at or after `t`. */
  nextEdgeAtOrAfter(t: TimePs): TimePs {
    return this.cycleToTimePs(this.cycleAtOrAfter(t));
  }

  /** The duration of `cycles` cycles starting at cycle `fromCycle` (edges are not evenly spaced for rational periods). */
  cyclesToDurationPs(cycles: number, fromCycle = 0): TimePs {
    return this.cycleToTimePs(fromCycle + cycles) - this.cycleToTimePs(fromCycle);
  }

  /** Whether `t` falls exactly on an edge. */
  isEdge(t: TimePs): boolean {
    const c = this.cycleAtOrBefore(t);
    return c >= 0 && this.cycleToTimePs(c) === t;
  }
}
