import { InvalidArgumentError } from 'commander';
import { HelenError, parseTimePs } from '../core/index.js';

/** `--set a.b=c` collected into a map (later ones win). */
export function collectSet(value: string, previous: Map<string, string> = new Map()): Map<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0)
    throw new InvalidArgumentError(`expected path=value, e.g. --set xbar_size=256 or --set chip.tile.adc.bits=6`);
  previous.set(value.slice(0, eq).trim(), value.slice(eq + 1).trim());
  return previous;
}

export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  return Number(value);
}

/** A count of threads or points at once: a whole number, at least 1 (0 would silently mean 1). */
export function positiveWholeNumber(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError(`expected a whole number ≥ 1, got "${value}"`);
  return Number(value);
}

export function timeOption(value: string): number {
  try {
    return parseTimePs(value);
  } catch (e) {
    throw new InvalidArgumentError(e instanceof HelenError ? e.message : String(e));
  }
}

export function secondsOption(value: string): number {
  const s = Number(value);
  if (!(s > 0)) throw new InvalidArgumentError(`expected a positive number of seconds, got "${value}"`);
  return s * 1000;
}

/** A repeatable option's values collected in order (`--ignore-op A --ignore-op B`). */
export function collectValues(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
