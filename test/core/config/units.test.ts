import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CANONICAL_UNITS,
  convertTo,
  describeDimension,
  DIMENSION_VECTORS,
  DIMENSIONLESS,
  dimensionOf,
  formatDimensionVector,
  fromCanonical,
  UNIT_NAMES,
  unitOf,
  type Dimension,
  type DimVector,
  type Quantity,
} from '../../../core/config/units.js';
import { evaluateExpression } from '../../../core/config/expression.js';
import { errorOf } from '../../support/helen-error.js';

const noVars = (): Quantity | undefined => undefined;
const inUnit = (text: string, dimension: Dimension): number => convertTo(evaluateExpression(text, noVars), dimension);

describe('unit table', () => {
  it.each<[string, number, Dimension]>([
    ['ps', 1, 'time'],
    ['ns', 1e3, 'time'],
    ['us', 1e6, 'time'],
    ['µs', 1e6, 'time'],
    ['μs', 1e6, 'time'],
    ['ms', 1e9, 'time'],
    ['s', 1e12, 'time'],
    ['Hz', 1, 'frequency'],
    ['kHz', 1e3, 'frequency'],
    ['MHz', 1e6, 'frequency'],
    ['GHz', 1e9, 'frequency'],
    ['THz', 1e12, 'frequency'],
    ['fJ', 1e-3, 'energy'],
    ['pJ', 1, 'energy'],
    ['nJ', 1e3, 'energy'],
    ['uJ', 1e6, 'energy'],
    ['µJ', 1e6, 'energy'],
    ['mJ', 1e9, 'energy'],
    ['J', 1e12, 'energy'],
    ['nW', 1e-6, 'power'],
    ['uW', 1e-3, 'power'],
    ['µW', 1e-3, 'power'],
    ['mW', 1, 'power'],
    ['W', 1e3, 'power'],
    ['um2', 1e-6, 'area'],
    ['µm2', 1e-6, 'area'],
    ['um^2', 1e-6, 'area'],
    ['mm2', 1, 'area'],
    ['mm^2', 1, 'area'],
    ['cm2', 100, 'area'],
    ['b', 0.125, 'size'],
    ['bit', 0.125, 'size'],
    ['B', 1, 'size'],
    ['byte', 1, 'size'],
    ['bytes', 1, 'size'],
    ['KB', 1e3, 'size'],
    ['MB', 1e6, 'size'],
    ['GB', 1e9, 'size'],
    ['TB', 1e12, 'size'],
    ['KiB', 1024, 'size'],
    ['MiB', 1024 ** 2, 'size'],
    ['GiB', 1024 ** 3, 'size'],
    ['TiB', 1024 ** 4, 'size'],
    ['Kib', 128, 'size'],
    ['Mib', 1024 ** 2 / 8, 'size'],
    ['Gib', 1024 ** 3 / 8, 'size'],
    ['GB/s', 1e9, 'bandwidth'],
    ['bytes/s', 1, 'bandwidth'],
  ])('1 %s is %d in the canonical unit of %s', (name, canonical, dimension) => {
    const q = unitOf(name);
    expect(q).toBeDefined();
    expect(convertTo(q!, dimension)).toBeCloseTo(canonical, 12 - Math.ceil(Math.log10(Math.max(1, canonical))));
  });

  it('is case-sensitive and has no clock-dependent "cycle" unit', () => {
    for (const name of ['mw', 'MW', 'ghz', 'NS', 'kib', 'cycle', 'cycles', 'GB/s/s', '/s', 'x/s'])
      expect(unitOf(name)).toBeUndefined();
    expect(UNIT_NAMES).toContain('mW');
    expect(UNIT_NAMES).not.toContain('cycle');
  });
});

describe('conversions to the canonical units', () => {
  it('converts the documented examples', () => {
    expect(inUnit('1.2GHz', 'frequency')).toBe(1.2e9);
    expect(inUnit('1 / 1.2GHz', 'time')).toBeCloseTo(833.333333, 5);
    expect(inUnit('16mW * 1ns', 'energy')).toBe(16);
    expect(inUnit('16mW * 1ns / 8', 'energy')).toBe(2);
    expect(inUnit('64KiB', 'size')).toBe(65536);
    expect(inUnit('256GB/s', 'bandwidth')).toBe(2.56e11);
    expect(inUnit('10uW', 'power')).toBe(0.01);
    expect(inUnit('0.0096 mm2', 'area')).toBe(0.0096);
    expect(inUnit('100um2', 'area')).toBe(1e-4);
    expect(inUnit('1.667pJ', 'energy')).toBe(1.667);
    expect(inUnit('1W', 'power')).toBe(1000);
    expect(inUnit('1pJ / 1ps', 'power')).toBe(1000);
    expect(inUnit('1 / 1ns', 'frequency')).toBe(1e9);
    expect(inUnit('8b', 'size')).toBe(1);
    expect(inUnit('2 * 3', 'none')).toBe(6);
  });

  it('gives clean decimals rather than binary noise for scaled units', () => {
    for (const v of [0.009, 0.015, 1.1, 2.4, 3.3]) expect(inUnit(`${v}GHz`, 'frequency')).toBe(v * 1e9);
    expect(inUnit('0.9GHz', 'frequency')).toBe(9e8);
  });

  it('keeps every digit of large integers', () => {
    expect(convertTo({ value: 2 ** 53, dim: DIMENSION_VECTORS.size }, 'size')).toBe(2 ** 53);
  });

  it('property: convertTo inverts fromCanonical to within rounding, for every dimension', () => {
    const dims = Object.keys(DIMENSION_VECTORS) as Dimension[];
    // Subnormals are excluded: scaling them by 1e-12 underflows, which no unit system can avoid.
    fc.assert(
      fc.property(
        fc.constantFrom(...dims),
        fc.double({ min: -1e30, max: 1e30, noNaN: true }).filter((x) => x === 0 || Math.abs(x) > 1e-280),
        (d, x) => {
          const back = convertTo(fromCanonical(x, d), d);
          expect(Math.abs(back - x)).toBeLessThanOrEqual(1e-14 * Math.abs(x));
        },
      ),
    );
  });

  it('rejects a mismatched dimension with E_UNIT, naming expected and given in words', () => {
    const e = errorOf(() => inUnit('1.5pJ', 'time'));
    expect(e.code).toBe('E_UNIT');
    expect(e.message).toBe('expected a time (e.g. "10ns"), got an energy (pJ)');
    expect(errorOf(() => inUnit('1pJ / 1ps / 1ps', 'power')).message).toBe(
      'expected a power (e.g. "10mW"), got a quantity in pJ·ps⁻²',
    );
    expect(errorOf(() => inUnit('3ns', 'none')).message).toBe('expected a plain number (e.g. "4"), got a time (ps)');
    expect(errorOf(() => inUnit('3', 'bandwidth')).message).toBe(
      'expected a bandwidth (e.g. "256GB/s"), got a plain number',
    );
    expect(errorOf(() => inUnit('1GB / 1ns', 'frequency')).message).toBe(
      'expected a frequency (e.g. "1.2GHz"), got a bandwidth (bytes/s)',
    );
  });
});

describe('describing dimensions', () => {
  it('names the parameter dimensions and spells out other combinations', () => {
    expect(describeDimension(DIMENSIONLESS)).toBe('a plain number');
    expect(describeDimension([1, 0, 0, 0])).toBe('a time (ps)');
    expect(describeDimension([0, 1, 0, 0])).toBe('an energy (pJ)');
    expect(describeDimension([-1, 1, 0, 0])).toBe('a power (mW)');
    expect(describeDimension([0, 0, 1, 0])).toBe('an area (mm2)');
    expect(describeDimension([-1, 0, 0, 1])).toBe('a bandwidth (bytes/s)');
    expect(describeDimension([-2, 1, 0, 0])).toBe('a quantity in pJ·ps⁻²');
    expect(formatDimensionVector([2, 0, -1, 1])).toBe('B·ps²·mm⁻²');
    expect(formatDimensionVector([-12, 0, 0, 0])).toBe('ps⁻¹²');
  });

  it('maps every named vector back to its name', () => {
    for (const [name, vector] of Object.entries(DIMENSION_VECTORS) as [Dimension, DimVector][]) {
      expect(dimensionOf(vector)).toBe(name);
      expect(typeof CANONICAL_UNITS[name]).toBe('string');
    }
    expect(dimensionOf([0, 2, 0, 0])).toBeUndefined();
  });
});
