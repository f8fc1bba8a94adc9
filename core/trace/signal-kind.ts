import type { SignalKind, SignalValue } from './trace-bus.js';

/** The narrowest kind that holds `value` on its own: booleans are bits, whole numbers ints, other numbers reals. */
export function kindOfValue(value: SignalValue): SignalKind {
  if (typeof value === 'boolean') return 'bit';
  if (typeof value === 'string') return 'string';
  return Number.isSafeInteger(value) ? 'int' : 'real';
}

/** True when a signal of `kind` can take `value` as it is (a bit takes 0 and 1, an int or a real takes booleans too). */
export function kindHolds(kind: SignalKind, value: SignalValue): boolean {
  if (typeof value === 'boolean') return kind !== 'string';
  switch (kind) {
    case 'bit':
      return value === 0 || value === 1;
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'real':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
  }
}

/**
 * The kind an undeclared signal of `kind` becomes when it takes `value`:
 * numbers widen bit → int → real (a signal first seen at 0 that later takes
 * 0.5 is a real), text stays text. Undefined when the value cannot fit any
 * widening (a number on a text signal or the reverse, or a non-finite number).
 */
export function widenKind(kind: SignalKind, value: SignalValue): SignalKind | undefined {
  if (kindHolds(kind, value)) return kind;
  if (kind === 'string' || typeof value === 'string') return undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  const wanted = kindOfValue(value);
  return RANK[wanted] > RANK[kind] ? wanted : undefined;
}

/** The wider of two numeric kinds (bit < int < real); undefined when one is text and the other not. */
export function widerKind(a: SignalKind, b: SignalKind): SignalKind | undefined {
  if (a === b) return a;
  if (a === 'string' || b === 'string') return undefined;
  return RANK[a] >= RANK[b] ? a : b;
}

const RANK: Record<SignalKind, number> = { bit: 0, int: 1, real: 2, string: 3 };
