import { HelenError } from '../errors.js';

/** Simulated time is an integer count of picoseconds (exact up to 2^53 ps ≈ 2.5 hours). */
export type TimePs = number;

/** The latest exact time, ps: 2^53 − 1. */
export const MAX_TIME_PS = Number.MAX_SAFE_INTEGER;

/** The exact time range in words, for messages that refuse a time beyond it. */
export const EXACT_TIME_RANGE = '2^53 ps (about 2.5 hours)';

/** Picoseconds per unit, for the time units Helen accepts in files and on the command line. */
export const PS_PER_UNIT: Readonly<Record<string, number>> = {
  ps: 1,
  ns: 1_000,
  us: 1_000_000,
  µs: 1_000_000,
  ms: 1_000_000_000,
  s: 1_000_000_000_000,
};

/** Throws unless `t` is a non-negative safe integer (time is never fractional nor negative). */
export function assertTimePs(t: number, what = 'time'): TimePs {
  if (!Number.isSafeInteger(t) || t < 0) {
    throw new HelenError('E_TIME', `${what} must be a non-negative whole number of picoseconds, got ${t}`);
  }
  return t;
}

/**
 * Parses `"10ns"`, `"2.5 us"`, `"1200"` (ps) into picoseconds.
 * Rejects values that do not land on a whole picosecond instead of rounding silently.
 */
export function parseTimePs(text: string | number): TimePs {
  if (typeof text === 'number') return assertTimePs(text);
  const m = /^\s*([0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)\s*(ps|ns|us|µs|ms|s)?\s*$/i.exec(text);
  if (!m) throw new HelenError('E_TIME', `expected a time such as "10ns", "2.5us" or "1200ps", got "${text}"`);
  const unit = (m[2] ?? 'ps').toLowerCase();
  const ps = Number(m[1]) * PS_PER_UNIT[unit]!;
  const rounded = Math.round(ps);
  if (Math.abs(ps - rounded) > 1e-6 * Math.max(1, Math.abs(ps))) {
    throw new HelenError('E_TIME', `time "${text}" is not a whole number of picoseconds`);
  }
  return assertTimePs(rounded);
}

/** Human form of a time: the largest unit that keeps it readable. */
export function formatTimePs(t: TimePs): string {
  if (t >= 1e12) return `${(t / 1e12).toPrecision(6)} s`;
  if (t >= 1e9) return `${(t / 1e9).toPrecision(6)} ms`;
  if (t >= 1e6) return `${(t / 1e6).toPrecision(6)} us`;
  if (t >= 1e3) return `${(t / 1e3).toPrecision(6)} ns`;
  return `${t} ps`;
}
