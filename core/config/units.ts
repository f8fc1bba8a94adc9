import { HelenError } from '../errors.js';

/**
 * Physical units for parameter values written in architecture files.
 *
 * Every quantity is held in Helen's internal base units — ps, pJ, mm², bytes — so arithmetic
 * never needs conversions, and a derived unit is just a product of those: power is pJ/ps (= 1 W),
 * frequency is 1/ps, bandwidth is bytes/ps.
 *
 * Unit names (case-sensitive: `mW` is milliwatt, `MW` is not a unit; `b` is a bit, `B` a byte).
 * Every `u` prefix may also be written with the micro sign `µ` (U+00B5) or Greek mu `μ` (U+03BC).
 *
 * | dimension | names                                     | value                          |
 * |-----------|-------------------------------------------|--------------------------------|
 * | time      | ps ns us ms s                             | 1, 1e3, 1e6, 1e9, 1e12 ps      |
 * | frequency | Hz kHz MHz GHz THz                        | 1e-12 … 1 per ps               |
 * | energy    | fJ pJ nJ uJ mJ J                          | 1e-3, 1, 1e3, 1e6, 1e9, 1e12 pJ|
 * | power     | nW uW mW W                                | 1e-9, 1e-6, 1e-3, 1 pJ/ps      |
 * | area      | um2 um^2 mm2 mm^2 cm2 cm^2                | 1e-6, 1, 100 mm²               |
 * | size      | b bit bits                                | 1/8 byte                       |
 * | size      | B byte bytes                              | 1 byte                         |
 * | size      | KB kB MB GB TB (decimal bytes)            | 1e3, 1e6, 1e9, 1e12 bytes      |
 * | size      | KiB MiB GiB TiB (binary bytes)            | 2^10, 2^20, 2^30, 2^40 bytes   |
 * | size      | Kb Mb Gb Tb (decimal bits)                | 1e3/8 … 1e12/8 bytes           |
 * | size      | Kib Mib Gib Tib (binary bits)             | 2^10/8 … 2^40/8 bytes          |
 *
 * There is no `cycle` unit: its length depends on a clock, so write `2 * t_clk` instead.
 * Compound units come from arithmetic (`256GB/s`, `16mW * 1ns`); `unitOf` also accepts one `/`.
 */

/** Exponents of time, energy, area and data size, in that order. */
export type DimVector = readonly [t: number, e: number, a: number, s: number];

/** A number with a physical dimension; `value` is in internal base units (ps, pJ, mm², bytes). */
export interface Quantity {
  value: number;
  dim: DimVector;
}

/** The dimension of a plain number. */
export const DIMENSIONLESS: DimVector = [0, 0, 0, 0];

/** The dimensions a Helen parameter can be declared with. */
export type Dimension = 'none' | 'time' | 'frequency' | 'energy' | 'power' | 'area' | 'size' | 'bandwidth';

/** The exponent vector of each named dimension. */
export const DIMENSION_VECTORS: Readonly<Record<Dimension, DimVector>> = {
  none: DIMENSIONLESS,
  time: [1, 0, 0, 0],
  frequency: [-1, 0, 0, 0],
  energy: [0, 1, 0, 0],
  power: [-1, 1, 0, 0],
  area: [0, 0, 1, 0],
  size: [0, 0, 0, 1],
  bandwidth: [-1, 0, 0, 1],
};

/** The unit a parameter of each dimension is expressed in once converted (`convertTo`). */
export const CANONICAL_UNITS: Readonly<Record<Dimension, string>> = {
  none: '',
  time: 'ps',
  frequency: 'Hz',
  energy: 'pJ',
  power: 'mW',
  area: 'mm2',
  size: 'bytes',
  bandwidth: 'bytes/s',
};

// Canonical value = internal value × this. Kept as exact powers of ten so that the inverse
// (`fromCanonical`) can divide by an exactly representable number.
const TO_CANONICAL: Readonly<Record<Dimension, number>> = {
  none: 1,
  time: 1,
  frequency: 1e12,
  energy: 1,
  power: 1e3,
  area: 1,
  size: 1,
  bandwidth: 1e12,
};

const EXAMPLES: Readonly<Record<Dimension, string>> = {
  none: '4',
  time: '10ns',
  frequency: '1.2GHz',
  energy: '1.5pJ',
  power: '10mW',
  area: '0.01mm2',
  size: '64KiB',
  bandwidth: '256GB/s',
};

const WORDS: Readonly<Record<Dimension, string>> = {
  none: 'a plain number',
  time: 'a time',
  frequency: 'a frequency',
  energy: 'an energy',
  power: 'a power',
  area: 'an area',
  size: 'a data size',
  bandwidth: 'a bandwidth',
};

const T: DimVector = DIMENSION_VECTORS.time;
const F: DimVector = DIMENSION_VECTORS.frequency;
const E: DimVector = DIMENSION_VECTORS.energy;
const P: DimVector = DIMENSION_VECTORS.power;
const A: DimVector = DIMENSION_VECTORS.area;
const S: DimVector = DIMENSION_VECTORS.size;

// Literals rather than 10 ** k: Math.pow is not guaranteed to round negative powers correctly.
const TABLE: ReadonlyArray<readonly [names: string, dim: DimVector, value: number]> = [
  ['ps', T, 1],
  ['ns', T, 1e3],
  ['us', T, 1e6],
  ['ms', T, 1e9],
  ['s', T, 1e12],
  ['Hz', F, 1e-12],
  ['kHz', F, 1e-9],
  ['MHz', F, 1e-6],
  ['GHz', F, 1e-3],
  ['THz', F, 1],
  ['fJ', E, 1e-3],
  ['pJ', E, 1],
  ['nJ', E, 1e3],
  ['uJ', E, 1e6],
  ['mJ', E, 1e9],
  ['J', E, 1e12],
  ['nW', P, 1e-9],
  ['uW', P, 1e-6],
  ['mW', P, 1e-3],
  ['W', P, 1],
  ['um2 um^2', A, 1e-6],
  ['mm2 mm^2', A, 1],
  ['cm2 cm^2', A, 100],
  ['b bit bits', S, 0.125],
  ['B byte bytes', S, 1],
  ['KB kB', S, 1e3],
  ['MB', S, 1e6],
  ['GB', S, 1e9],
  ['TB', S, 1e12],
  ['KiB', S, 2 ** 10],
  ['MiB', S, 2 ** 20],
  ['GiB', S, 2 ** 30],
  ['TiB', S, 2 ** 40],
  ['Kb', S, 125],
  ['Mb', S, 125e3],
  ['Gb', S, 125e6],
  ['Tb', S, 125e9],
  ['Kib', S, 2 ** 7],
  ['Mib', S, 2 ** 17],
  ['Gib', S, 2 ** 27],
  ['Tib', S, 2 ** 37],
];

const UNITS = new Map<string, { dim: DimVector; value: number }>();
for (const [names, dim, value] of TABLE) {
  for (const name of names.split(' ')) {
    UNITS.set(name, { dim, value });
    if (name.startsWith('u')) {
      UNITS.set('µ' + name.slice(1), { dim, value });
      UNITS.set('μ' + name.slice(1), { dim, value });
    }
  }
}

/** Every unit name `unitOf` accepts on its own (for did-you-mean suggestions). */
export const UNIT_NAMES: readonly string[] = [...UNITS.keys()];

/** One of the named unit, e.g. `unitOf('ns')` is 1000 ps; also `'GB/s'`-style ratios; else undefined. */
export function unitOf(name: string): Quantity | undefined {
  const unit = UNITS.get(name);
  if (unit) return { value: unit.value, dim: unit.dim };
  const slash = name.indexOf('/');
  if (slash <= 0 || slash !== name.lastIndexOf('/')) return undefined;
  const num = UNITS.get(name.slice(0, slash));
  const den = UNITS.get(name.slice(slash + 1));
  if (!num || !den) return undefined;
  return { value: num.value / den.value, dim: combineDimensions(num.dim, den.dim, -1) };
}

/** Whether two dimension vectors are equal. */
export function sameDimension(a: DimVector, b: DimVector): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

/** `a + sign·b` component-wise: the dimension of a product (sign 1) or a quotient (sign -1). */
export function combineDimensions(a: DimVector, b: DimVector, sign: 1 | -1): DimVector {
  return [a[0] + sign * b[0], a[1] + sign * b[1], a[2] + sign * b[2], a[3] + sign * b[3]];
}

/** The named dimension with this vector, or undefined for other combinations. */
export function dimensionOf(dim: DimVector): Dimension | undefined {
  for (const [name, vector] of Object.entries(DIMENSION_VECTORS) as [Dimension, DimVector][]) {
    if (sameDimension(vector, dim)) return name;
  }
  return undefined;
}

const SUPERSCRIPTS: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '-': '⁻',
};

function power(symbol: string, exponent: number): string {
  if (exponent === 1) return symbol;
  return symbol + [...String(exponent)].map((c) => SUPERSCRIPTS[c] ?? c).join('');
}

/** The base-unit product of a vector, e.g. `pJ·ps⁻²` (positive exponents first). */
export function formatDimensionVector(dim: DimVector): string {
  // Area is mm², so its exponent doubles on the millimetre.
  const factors: [string, number][] = [
    ['pJ', dim[1]],
    ['mm', 2 * dim[2]],
    ['B', dim[3]],
    ['ps', dim[0]],
  ];
  const parts = [...factors.filter(([, k]) => k > 0), ...factors.filter(([, k]) => k < 0)];
  return parts.length ? parts.map(([u, k]) => power(u, k)).join('·') : '1';
}

/** In words, with an article: "a time (ps)", "an energy (pJ)", "a quantity in pJ·ps⁻²". */
export function describeDimension(dim: DimVector): string {
  const named = dimensionOf(dim);
  if (named === 'none') return WORDS.none;
  if (named) return `${WORDS[named]} (${CANONICAL_UNITS[named]})`;
  return `a quantity in ${formatDimensionVector(dim)}`;
}

/**
 * The value of `q` in the canonical unit of `dimension`, or HelenError E_UNIT on a dimension mismatch.
 * Scaled results are rounded to 15 significant digits — far beyond any physical parameter's precision —
 * so that `1.2GHz` gives exactly 1.2e9 Hz instead of binary noise like 1199999999.9999998.
 */
export function convertTo(q: Quantity, dimension: Dimension): number {
  const expected = DIMENSION_VECTORS[dimension];
  if (!sameDimension(q.dim, expected)) {
    throw new HelenError(
      'E_UNIT',
      `expected ${WORDS[dimension]} (e.g. "${EXAMPLES[dimension]}"), got ${describeDimension(q.dim)}`,
    );
  }
  const factor = TO_CANONICAL[dimension];
  const value = factor === 1 ? q.value : q.value * factor;
  // Integers are left alone so byte counts above 1e15 keep every digit.
  return Number.isInteger(value) || !Number.isFinite(value) ? value : Number(value.toPrecision(15));
}

/** The inverse of `convertTo`: a quantity from a value in the canonical unit of `dimension`. */
export function fromCanonical(value: number, dimension: Dimension): Quantity {
  const factor = TO_CANONICAL[dimension];
  return { value: factor === 1 ? value : value / factor, dim: DIMENSION_VECTORS[dimension] };
}
