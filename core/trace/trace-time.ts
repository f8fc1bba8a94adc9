import { HelenError } from '../errors.js';
import { Clock } from '../kernel/clock.js';
import { parseTimePs, type TimePs } from '../kernel/time.js';
import type { TraceClockSpec } from './trace-sink.js';

/** The clock of a trace file as a kernel clock (for exact cycle ⇄ time conversion). */
export function clockFromSpec(spec: TraceClockSpec): Clock {
  return new Clock(spec.name, spec.periodNumPs, spec.periodDen, spec.phasePs);
}

/** A kernel clock as stored in a trace file. */
export function clockSpec(clock: Clock): TraceClockSpec {
  return { name: clock.name, periodNumPs: clock.periodNumPs, periodDen: clock.periodDen, phasePs: clock.phasePs };
}

/**
 * Parses a trace time: a time with a unit (`10us`, `2500ps`) or a cycle count of
 * the main clock (`120045cycles`, `120045 cycles`), which is its edge time.
 * `what` names the option in error messages.
 */
export function parseTraceTimePs(text: string, mainClock: Clock | undefined, what: string): TimePs {
  const cycles = /^\s*(\d+)\s*(?:cycles?|cyc)\s*$/i.exec(text);
  if (cycles) {
    if (!mainClock)
      throw new HelenError(
        'E_TIME',
        `${what}: "${text}" is in cycles, but this trace records no main clock; give a time such as 10us`,
      );
    return mainClock.cycleToTimePs(Number(cycles[1]));
  }
  try {
    return parseTimePs(text);
  } catch (e) {
    if (e instanceof HelenError)
      throw new HelenError(e.code, `${what}: ${e.message}, or a cycle count such as "120cycles"`);
    throw e;
  }
}

/**
 * The coarsest power-of-ten unit (≤ 1 s) in which every edge of every clock is a
 * whole number: 1 ns for 1 GHz clocks, 1 ps as soon as one clock is rational
 * (1.2 GHz) or has an odd phase. Writers fall back to 1 ps exactly when an event
 * lands between units, so the choice never loses time.
 */
export function timescaleFromClocks(clocks: Iterable<Clock>): number {
  let unit = 1e12;
  let any = false;
  for (const c of clocks) {
    any = true;
    let u = 1;
    if (c.periodDen === 1) {
      while (u < 1e12 && c.periodNumPs % (u * 10) === 0 && c.phasePs % (u * 10) === 0) u *= 10;
    }
    unit = Math.min(unit, u);
  }
  return any ? unit : 1;
}

/** `$timescale` text of a power-of-ten unit in ps: 1000 → `1ns`. */
export function timescaleText(unitPs: number): string {
  const units: [number, string][] = [
    [1e12, 's'],
    [1e9, 'ms'],
    [1e6, 'us'],
    [1e3, 'ns'],
    [1, 'ps'],
  ];
  for (const [ps, name] of units) {
    if (unitPs >= ps && unitPs % ps === 0) {
      const n = unitPs / ps;
      if (n === 1 || n === 10 || n === 100) return `${n}${name}`;
    }
  }
  throw new HelenError('E_TRACE', `timescale ${unitPs} ps is not 1, 10 or 100 of a VCD unit`);
}

/** Parses VCD `$timescale` text (`1 ns`, `10ps`) into ps; units below 1 ps are refused (Helen's time is in ps). */
export function parseTimescalePs(text: string): number | undefined {
  const m = /^\s*(1|10|100)\s*(s|ms|us|ns|ps|fs)\s*$/.exec(text);
  if (!m) return undefined;
  const ps = { s: 1e12, ms: 1e9, us: 1e6, ns: 1e3, ps: 1, fs: 1e-3 }[m[2] as 's']! * Number(m[1]);
  return ps >= 1 ? ps : undefined;
}
