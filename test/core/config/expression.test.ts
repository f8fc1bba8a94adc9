import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HelenError } from '../../../core/errors.js';
import {
  didYouMean,
  evaluateExpression,
  ExpressionError,
  isPlainNumberText,
  MAX_NESTING,
} from '../../../core/config/expression.js';
import { DIMENSION_VECTORS, DIMENSIONLESS, fromCanonical, type Quantity } from '../../../core/config/units.js';

const VARS: Record<string, Quantity> = {
  xbar_size: { value: 128, dim: DIMENSIONLESS },
  t_clk: fromCanonical(1000, 'time'),
  n: { value: 3, dim: DIMENSIONLESS },
};
const lookup = (name: string): Quantity | undefined => VARS[name];
const knownNames = Object.keys(VARS);
const ev = (text: string, options = {}): Quantity => evaluateExpression(text, lookup, { knownNames, ...options });
const num = (text: string): number => {
  const q = ev(text);
  expect(q.dim).toEqual(DIMENSIONLESS);
  return q.value;
};

function failure(text: string, options = {}): ExpressionError {
  try {
    ev(text, options);
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error(`expected "${text}" to fail`);
}

describe('evaluating expressions', () => {
  it('reads numbers in every accepted form', () => {
    expect(num('12')).toBe(12);
    expect(num('1.5')).toBe(1.5);
    expect(num('.5')).toBe(0.5);
    expect(num('5.')).toBe(5);
    expect(num('1e-3')).toBe(0.001);
    expect(num('1.5E+2')).toBe(150);
    expect(num('1_000_000')).toBe(1e6);
    expect(num('  \t7\n')).toBe(7);
  });

  it('follows the precedence and associativity of Python', () => {
    expect(num('1 + 2 * 3')).toBe(7);
    expect(num('(1 + 2) * 3')).toBe(9);
    expect(num('10 - 4 - 3')).toBe(3);
    expect(num('64 / 4 / 2')).toBe(8);
    expect(num('2 ** 3 ** 2')).toBe(512);
    expect(num('-2 ** 2')).toBe(-4);
    expect(num('(-2) ** 2')).toBe(4);
    expect(num('2 ** -1')).toBe(0.5);
    expect(num('2 * -3')).toBe(-6);
    expect(num('--3')).toBe(3);
    expect(num('+-+3')).toBe(-3);
    expect(num('7 % 3')).toBe(1);
    expect(num('-7 % 3')).toBe(2);
    expect(num('7 % -3')).toBe(-2);
    expect(num('2 * 3 % 4')).toBe(2);
    expect(num('-0')).toBe(0);
    expect(Object.is(num('0 * -1'), 0)).toBe(true);
  });

  it('resolves variables and units', () => {
    expect(num('2 * xbar_size')).toBe(256);
    expect(ev('100ns + 2 * t_clk')).toEqual({ value: 102_000, dim: DIMENSION_VECTORS.time });
    expect(ev('10 ns')).toEqual(ev('10ns'));
    expect(ev('3 µs').value).toBe(3e6);
    expect(ev('2um^2').value).toBeCloseTo(2e-6, 18);
    expect(ev('256GB/s')).toEqual({ value: 256e9 / 1e12, dim: DIMENSION_VECTORS.bandwidth });
    expect(ev('1 / s')).toEqual({ value: 1e-12, dim: DIMENSION_VECTORS.frequency });
    expect(ev('xbar_size * 8b / ns').dim).toEqual(DIMENSION_VECTORS.bandwidth);
    expect(ev('1ns ** 2').dim).toEqual([2, 0, 0, 0]);
    expect(ev('-10ns').value).toBe(-10_000);
  });

  it('applies the built-in functions, keeping or checking dimensions', () => {
    expect(ev('min(3ns, 2 * t_clk, 5ns)').value).toBe(2000);
    expect(ev('max(1ns, 700ps)').value).toBe(1000);
    expect(num('ceil(1.2)')).toBe(2);
    expect(ev('ceil(1.5ps)').value).toBe(2);
    expect(ev('ceil(1.5ns)').value).toBe(1500);
    expect(num('floor(-1.5)')).toBe(-2);
    expect(num('round(2.5)')).toBe(3);
    expect(num('round(-2.5)')).toBe(-3);
    expect(ev('abs(-2pJ)')).toEqual({ value: 2, dim: DIMENSION_VECTORS.energy });
    expect(ev('sqrt(4mm2 * 1mm2)')).toEqual({ value: 2, dim: DIMENSION_VECTORS.area });
    expect(num('log2(1024)')).toBe(10);
    expect(num('log10(1000)')).toBeCloseTo(3, 12);
    expect(num('ln(1)')).toBe(0);
    expect(num('exp(0)')).toBe(1);
    expect(num('pow(2, 10)')).toBe(1024);
    expect(ev('pow(2ns, 2)').dim).toEqual([2, 0, 0, 0]);
    expect(num('sqrt(16) ** 0.5')).toBe(2);
  });
});

describe('errors', () => {
  it.each<[string, number, string]>([
    ['1 + * 2', 4, 'unexpected "*" at column 5; expected a number, a name or "("'],
    ['(1 + 2', 6, 'unexpected end of expression at column 7; expected an operator or ")"'],
    ['1 2', 2, 'unexpected number "2" at column 3; expected an operator or the end of the expression'],
    ['2 xbar_size', 2, 'unexpected name "xbar_size" at column 3'],
    ['1 + 2)', 5, 'unexpected ")" at column 6'],
    ['min(1, )', 7, 'expected a number, a name or "("'],
    ['min(1 2)', 6, 'expected "," or ")"'],
    ['1 $ 2', 2, 'unexpected character "$" at column 3'],
    ['2^3', 1, 'write powers with "**"'],
    ['1 + 😀', 4, 'unexpected character "😀"'],
    ['', 0, 'the expression is empty'],
    ['  ', 0, 'the expression is empty'],
    ['10nss', 2, 'unknown unit "nss" in "10nss" at column 3; did you mean "ns"?'],
    ['2n', 1, 'unknown unit "n" in "2n" at column 2; to multiply, write "2 * n"'],
    ['xbar_sise * 2', 0, 'unknown name "xbar_sise"; did you mean "xbar_size"?'],
    ['2 * nothing_like_it', 4, 'unknown name "nothing_like_it"'],
    ['GB * 2', 0, '"GB" is a unit, not a parameter; a unit must follow a number, e.g. "1GB"'],
    ['1 + sqr(4)', 4, 'unknown function "sqr"; did you mean "sqrt"?'],
    ['1ns + 1pJ', 4, 'cannot add a time (ps) and an energy (pJ)'],
    ['1ns - 1pJ/ps', 4, 'cannot subtract a power (mW) from a time (ps)'],
    ['0 + 1ns', 2, 'cannot add a plain number and a time (ps)'],
    ['3ns % 2', 4, '"%" needs operands of the same dimension'],
    ['1 / (2 - 2)', 2, 'division by zero'],
    ['5 % 0', 2, 'division by zero'],
    ['0 ** -1', 2, 'division by zero'],
    ['1e300 * 1e300', 6, 'the result is not a finite number'],
    ['exp(1000)', 0, 'the result is not a finite number'],
    ['1e999', 0, 'the number "1e999" is too large'],
    ['2 ** 1ns', 2, 'an exponent must be a plain number, got a time (ps)'],
    ['1ns ** 0.5', 4, 'a quantity with units can only be raised to an integer power, got 0.5'],
    ['(-8) ** (1/3)', 5, 'cannot raise a negative number to a fractional power'],
    ['1ps ** 40', 4, "the units' powers grow beyond ±32"],
    ['sqrt(1ns)', 0, 'sqrt needs units with even powers, got a time (ps)'],
    ['sqrt(-1)', 0, 'sqrt of a negative number'],
    ['log2(0)', 0, 'log2 of a number that is not positive'],
    ['ln(1ns)', 0, 'ln needs a plain number, got a time (ps)'],
    ['min(1ns, 1pJ)', 9, 'min needs arguments of the same dimension: got a time (ps) and an energy (pJ)'],
    ['sqrt(1, 2)', 0, 'sqrt takes 1 argument, got 2'],
    ['pow(2)', 0, 'pow takes 2 arguments, got 1'],
    ['max()', 0, 'max takes at least 1 argument, got 0'],
  ])('%j fails at offset %d: %s', (text, offset, message) => {
    const e = failure(text);
    expect(e).toBeInstanceOf(HelenError);
    expect(e.code).toBe('E_EXPR');
    expect(e.offset).toBe(offset);
    expect(e.message).toContain(message);
  });

  it('reports a syntax error in preference to an earlier semantic error', () => {
    expect(failure('unknown_name + )').message).toMatch(/^unexpected "\)"/);
  });

  it('refuses a unit after "/" that is also a parameter, rather than guessing', () => {
    const e = evaluateExpressionError('1 / s', (name) => (name === 's' ? { value: 2, dim: DIMENSIONLESS } : undefined));
    expect(e.message).toContain('"s" after "/" is both a unit and a parameter');
    expect(
      evaluateExpression('2 * s', (name) => (name === 's' ? { value: 2, dim: DIMENSIONLESS } : undefined)).value,
    ).toBe(4);
  });

  it('refuses non-finite values from lookup', () => {
    expect(evaluateExpressionError('x', () => ({ value: NaN, dim: DIMENSIONLESS })).message).toBe(
      '"x" is not a finite number',
    );
  });

  it('limits the length and the nesting depth', () => {
    expect(failure('1+'.repeat(600) + '1')).toMatchObject({
      offset: 1000,
      message: 'the expression is 1201 characters long; the limit is 1000',
    });
    expect(ev('1+'.repeat(600) + '1', { maxLength: 2000 }).value).toBe(601);
    const nest = (k: number): string => '('.repeat(k) + '1' + ')'.repeat(k);
    expect(num(nest(MAX_NESTING))).toBe(1);
    expect(failure(nest(MAX_NESTING + 1))).toMatchObject({
      offset: MAX_NESTING,
      message: expect.stringContaining('deeper than 64 levels'),
    });
    expect(failure('-'.repeat(65) + '1').offset).toBe(64);
    expect(failure('2**'.repeat(65) + '2').offset).toBe(64 * 3 + 1);
    expect(failure('abs('.repeat(65) + '1' + ')'.repeat(65)).offset).toBe(64 * 4 + 3);
  });
});

function evaluateExpressionError(text: string, look: (name: string) => Quantity | undefined): ExpressionError {
  try {
    evaluateExpression(text, look);
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error(`expected "${text}" to fail`);
}

describe('didYouMean and isPlainNumberText', () => {
  it('suggests the closest name within max(1, len/3) edits', () => {
    expect(didYouMean('xbar_sise', ['rows', 'xbar_size', 'cols'])).toBe('xbar_size');
    expect(didYouMean('clokc', ['clock', 'block'])).toBe('clock');
    expect(didYouMean('ghz', ['GHz', 'Hz'])).toBe('GHz');
    expect(didYouMean('ab', ['xy', 'ab'])).toBeUndefined();
    expect(didYouMean('a', ['b'])).toBe('b');
    expect(didYouMean('latency', ['bandwidth', 'energy'])).toBeUndefined();
    expect(didYouMean('x'.repeat(100_000), ['x'])).toBeUndefined();
  });

  it('recognises plain decimal numbers only', () => {
    for (const t of ['12', '-3.5e2', '+1', '.5', '5.', '1E9']) expect(isPlainNumberText(t)).toBe(true);
    for (const t of ['', ' 1', '1_000', '1ns', '0x10', 'Infinity', 'NaN', '1e', '-', '1 + 2'])
      expect(isPlainNumberText(t)).toBe(false);
  });
});

// An arithmetic tree, rendered with as few parentheses as the grammar allows, so that the property
// below checks precedence and associativity as well as the arithmetic.
type Tree =
  | { k: 'leaf'; v: number }
  | { k: 'neg'; x: Tree }
  | { k: 'bin'; op: '+' | '-' | '*' | '/' | '%' | '**'; l: Tree; r: Tree };
const PREC = { '+': 1, '-': 1, '*': 2, '/': 2, '%': 2, neg: 3, '**': 4, leaf: 5 } as const;
const prec = (t: Tree): number => (t.k === 'leaf' ? PREC.leaf : t.k === 'neg' ? PREC.neg : PREC[t.op]);
const wrap = (t: Tree, parens: boolean): string => (parens ? `(${render(t)})` : render(t));

function render(t: Tree): string {
  if (t.k === 'leaf') return String(t.v);
  if (t.k === 'neg') return '-' + wrap(t.x, prec(t.x) < PREC.neg);
  const p = PREC[t.op];
  if (t.op === '**') return `${wrap(t.l, prec(t.l) <= p)} ** ${wrap(t.r, prec(t.r) < PREC.neg)}`;
  return `${wrap(t.l, prec(t.l) < p)} ${t.op} ${wrap(t.r, prec(t.r) <= p)}`;
}

// undefined where evaluateExpression must report an error.
function direct(t: Tree): number | undefined {
  if (t.k === 'leaf') return t.v;
  const a = direct(t.k === 'neg' ? t.x : t.l);
  if (a === undefined) return undefined;
  if (t.k === 'neg') return -a;
  const b = direct(t.r);
  if (b === undefined) return undefined;
  let r: number;
  if (t.op === '+') r = a + b;
  else if (t.op === '-') r = a - b;
  else if (t.op === '*') r = a * b;
  else if (t.op === '/') r = b === 0 ? NaN : a / b;
  else if (t.op === '%') {
    r = b === 0 ? NaN : a % b;
    if (r !== 0 && r < 0 !== b < 0) r += b;
  } else r = (a === 0 && b < 0) || (a < 0 && !Number.isInteger(b)) ? NaN : a ** b;
  return Number.isFinite(r) ? r : undefined;
}

const treeArb = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { maxDepth: 7, depthIdentifier: 'tree' },
    fc.record({ k: fc.constant('leaf' as const), v: fc.integer({ min: 0, max: 12 }) }),
    fc.record({ k: fc.constant('neg' as const), x: tie('tree') }),
    fc.record({
      k: fc.constant('bin' as const),
      op: fc.constantFrom('+', '-', '*', '/', '%', '**'),
      l: tie('tree'),
      r: tie('tree'),
    }),
  ),
}));

const VALID = [
  '100ns + 2 * t_clk',
  '2 * xbar_size',
  '1 / 1.2GHz',
  '16mW * 1ns / 8',
  '256GB/s',
  'min(3ns, max(t_clk, 2ps))',
  '-2 ** 2 % 3',
  'sqrt(4mm2 * 1mm2) + 1um^2',
];
const ALPHABET = [
  ...'0123456789.e_()+-*/%, ',
  'ns',
  'GHz',
  'KiB',
  'n',
  'xbar_size',
  't_clk',
  'min(',
  'sqrt(',
  '**',
  'µ',
  '^',
  '\u0000',
  '😀',
  '\ud800',
];

// Random input must either evaluate to a finite quantity or raise ExpressionError — quickly. "Quickly" is a bound
// for runaway parsing (backtracking takes seconds to minutes), generous enough for a GC pause on a loaded machine.
function checkTotal(text: string, maxLength?: number): void {
  const start = performance.now();
  try {
    const q = ev(text, maxLength === undefined ? {} : { maxLength });
    expect(Number.isFinite(q.value)).toBe(true);
    expect(q.dim.every((k) => Number.isInteger(k))).toBe(true);
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
    expect(e.offset).toBeGreaterThanOrEqual(0);
    expect(e.offset).toBeLessThanOrEqual(text.length);
  }
  expect(performance.now() - start).toBeLessThan(2000);
}

describe('properties', () => {
  it('property: evaluating the rendered text equals evaluating the tree', () => {
    fc.assert(
      fc.property(treeArb.tree, (tree) => {
        const text = render(tree);
        const expected = direct(tree);
        if (expected === undefined) {
          expect(() => ev(text, { maxLength: 100_000 })).toThrow(ExpressionError);
        } else {
          expect(ev(text, { maxLength: 100_000 })).toEqual({
            value: expected === 0 ? 0 : expected,
            dim: DIMENSIONLESS,
          });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('property: any string either evaluates to a finite quantity or throws ExpressionError, promptly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (s) => checkTotal(s, 2000)),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 400 }), (s) => checkTotal(s, 2000)),
      { numRuns: 3000 },
    );
  });

  it('property: mutated valid expressions either evaluate to a finite quantity or throw ExpressionError', () => {
    const mutation = fc.tuple(
      fc.constantFrom('insert', 'delete', 'duplicate', 'swap'),
      fc.nat(),
      fc.nat({ max: 8 }),
      fc.constantFrom(...ALPHABET),
    );
    fc.assert(
      fc.property(fc.constantFrom(...VALID), fc.array(mutation, { maxLength: 6 }), (base, mutations) => {
        let s = base;
        for (const [kind, at, len, piece] of mutations) {
          const i = s.length ? at % (s.length + 1) : 0;
          if (kind === 'insert') s = s.slice(0, i) + piece + s.slice(i);
          else if (kind === 'delete') s = s.slice(0, i) + s.slice(i + len);
          else if (kind === 'duplicate') s = s.slice(0, i) + s.slice(i, i + len).repeat(3) + s.slice(i);
          else if (i + 1 < s.length) s = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
        }
        checkTotal(s);
      }),
      { numRuns: 3000 },
    );
  });

  it('survives pathological inputs without a stack overflow', () => {
    for (const text of [
      '('.repeat(10_000),
      ')'.repeat(10_000),
      '-'.repeat(10_000) + '1',
      '2**'.repeat(3000) + '2',
      'min('.repeat(3000),
      '1+'.repeat(5000) + '1',
      'x'.repeat(10_000),
    ]) {
      checkTotal(text);
      checkTotal(text, 1_000_000);
    }
    expect(failure('('.repeat(10_000), { maxLength: 20_000 }).offset).toBe(MAX_NESTING);
    expect(ev('max(' + '1,'.repeat(300_000) + '2)', { maxLength: 1_000_000 }).value).toBe(2);
  });
});
