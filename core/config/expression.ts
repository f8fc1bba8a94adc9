import { didYouMean } from './did-you-mean.js';
import {
  combineDimensions,
  describeDimension,
  DIMENSIONLESS,
  sameDimension,
  UNIT_NAMES,
  unitOf,
  type DimVector,
  type Quantity,
} from './units.js';
import { column, ExpressionError, tokenize, type Op, type Token } from './expression-lexer.js';

/**
 * Safe arithmetic for parameter values in architecture files, e.g. `100ns + 2 * t_clk`.
 * A hand-written tokenizer and recursive-descent parser: nothing is ever executed as code.
 *
 * Grammar, loosest binding first:
 *   expr    := term (("+" | "-") term)*
 *   term    := unary (("*" | "/" | "%") unary)*          left-associative
 *   unary   := ("+" | "-") unary | power
 *   power   := primary ("**" unary)?                     right-associative, binds tighter than a
 *                                                        leading minus, as in Python: -2**2 = -4
 *   primary := number [unit] | name | name "(" args ")" | "(" expr ")"
 *
 * Numbers: `12`, `1.5`, `.5`, `5.`, `1e-3`, `1_000` (an underscore only between two digits).
 *
 * Names versus units — units win only where a bare variable could not sensibly stand:
 *  - directly after a number, attached or after exactly one space: `10ns`, `10 ns`, `1.2GHz`;
 *  - directly after `/`: `256GB/s` is 256 GB divided by 1 s. If the name after `/` is also a
 *    defined variable, that is reported as ambiguous rather than silently picking one.
 * Everywhere else a name is a variable resolved through `lookup`.
 *
 * `%` is a floored remainder (the sign follows the divisor, as in Python) and needs operands of one
 * dimension. `ceil`, `floor`, `round`, `abs` keep the dimension and act on the value in internal base
 * units (ps, pJ, mm², bytes): `ceil(1.5ns)` is 1500 ps. `round` rounds halves away from zero.
 *
 * Input is bounded (length, and nesting of parentheses, calls, unary signs and `**`), so no input
 * can overflow the stack or run for long. Errors thrown by `lookup` itself propagate unchanged.
 */

/** Options of `evaluateExpression`. */
export interface EvaluateOptions {
  /** Longest accepted input, in characters (default 1000). */
  maxLength?: number;
  /** Names in scope, used only to suggest a fix for a misspelt name (a function is called only then). */
  knownNames?: readonly string[] | (() => readonly string[]);
}

/** Deepest nesting of parentheses, calls, unary signs and `**` accepted. */
export const MAX_NESTING = 64;

// Dimension exponents beyond this mean a runaway `**`, not a physical quantity.
const MAX_DIM_EXPONENT = 32;

// `undefined` marks a value whose computation already failed: the first such error is kept and
// parsing continues, so a syntax error anywhere is reported in preference to it.
type Val = Quantity | undefined;

const FUNCTIONS = ['min', 'max', 'ceil', 'floor', 'round', 'abs', 'sqrt', 'log2', 'log10', 'ln', 'exp', 'pow'];
const KEEP_DIMENSION: Readonly<Record<string, (x: number) => number>> = {
  ceil: Math.ceil,
  floor: Math.floor,
  abs: Math.abs,
  round: (x) => Math.sign(x) * Math.round(Math.abs(x)),
};
const PLAIN: Readonly<Record<string, (x: number) => number>> = {
  log2: Math.log2,
  log10: Math.log10,
  ln: Math.log,
  exp: Math.exp,
};

class Parser {
  private pos = 0;
  private depth = 0;
  private firstError: ExpressionError | undefined;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly lookup: (name: string) => Quantity | undefined,
    private readonly names: readonly string[] | (() => readonly string[]),
  ) {}

  private get knownNames(): readonly string[] {
    return typeof this.names === 'function' ? this.names() : this.names;
  }

  parse(): Quantity {
    if (this.tokens.length === 1) throw new ExpressionError('the expression is empty', 0);
    const result = this.expr();
    const t = this.peek();
    if (t.kind !== 'end') this.syntax(t, 'an operator or the end of the expression');
    if (this.firstError || !result) throw this.firstError ?? new ExpressionError('invalid expression', 0);
    return result;
  }

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    const t = this.tokens[this.pos]!;
    if (t.kind !== 'end') this.pos++;
    return t;
  }

  private isOp(t: Token, ...ops: Op[]): boolean {
    return t.kind === 'op' && (ops as string[]).includes(t.text);
  }

  private syntax(t: Token, expected: string): never {
    const what =
      t.kind === 'end'
        ? 'end of expression'
        : t.kind === 'op'
          ? `"${t.text}"`
          : `${t.kind === 'num' ? 'number' : 'name'} "${t.text}"`;
    throw new ExpressionError(`unexpected ${what} at column ${column(t.offset)}; expected ${expected}`, t.offset);
  }

  private fail(offset: number, message: string): undefined {
    this.firstError ??= new ExpressionError(message, offset);
    return undefined;
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_NESTING) {
      throw new ExpressionError(
        `the expression nests deeper than ${MAX_NESTING} levels at column ${column(t.offset)}`,
        t.offset,
      );
    }
  }

  private expr(): Val {
    let left = this.term();
    while (this.isOp(this.peek(), '+', '-')) {
      const op = this.next();
      left = this.additive(op, left, this.term());
    }
    return left;
  }

  private term(): Val {
    let left = this.unary(false);
    while (this.isOp(this.peek(), '*', '/', '%')) {
      const op = this.next();
      const right = this.unary(op.text === '/');
      left =
        op.text === '*'
          ? this.product(op, left, right, 1)
          : op.text === '/'
            ? this.product(op, left, right, -1)
            : this.remainder(op, left, right);
    }
    return left;
  }

  private unary(unitAllowed: boolean): Val {
    const t = this.peek();
    if (!this.isOp(t, '+', '-')) return this.power(unitAllowed);
    this.next();
    this.enter(t);
    const v = this.unary(false);
    this.depth--;
    return v && t.text === '-' ? { value: -v.value, dim: v.dim } : v;
  }

  private power(unitAllowed: boolean): Val {
    const base = this.primary(unitAllowed);
    if (!this.isOp(this.peek(), '**')) return base;
    const op = this.next();
    this.enter(op);
    const exponent = this.unary(false);
    this.depth--;
    return this.raise(op.offset, base, exponent);
  }

  private primary(unitAllowed: boolean): Val {
    const t = this.next();
    if (t.kind === 'num') return this.literal(t);
    if (t.kind === 'name') {
      if (this.isOp(this.peek(), '(')) return this.call(t);
      const unit = unitAllowed ? unitOf(t.text) : undefined;
      if (unit) {
        if (this.lookup(t.text) !== undefined) {
          return this.fail(
            t.offset,
            `"${t.text}" after "/" is both a unit and a parameter; write "1${t.text}" for the unit, or rename the parameter`,
          );
        }
        return unit;
      }
      return this.variable(t);
    }
    if (this.isOp(t, '(')) {
      this.enter(t);
      const v = this.expr();
      if (!this.isOp(this.peek(), ')')) this.syntax(this.peek(), 'an operator or ")"');
      this.next();
      this.depth--;
      return v;
    }
    return this.syntax(t, 'a number, a name or "("');
  }

  private literal(t: Token): Val {
    const u = this.peek();
    const attached = u.offset === t.end;
    let value = t.value;
    let dim = DIMENSIONLESS;
    if (u.kind === 'name' && (attached || (u.offset === t.end + 1 && this.text[t.end] === ' '))) {
      const unit = unitOf(u.text);
      if (unit) {
        this.next();
        value *= unit.value;
        dim = unit.dim;
      } else if (attached) {
        const guess = this.knownNames.includes(u.text) ? undefined : didYouMean(u.text, UNIT_NAMES);
        const hint = guess ? `did you mean "${guess}"?` : `to multiply, write "${t.text} * ${u.text}"`;
        throw new ExpressionError(
          `unknown unit "${u.text}" in "${t.text}${u.text}" at column ${column(u.offset)}; ${hint}`,
          u.offset,
        );
      }
    }
    if (!Number.isFinite(value)) return this.fail(t.offset, `the number "${t.text}" is too large`);
    return { value, dim };
  }

  private variable(t: Token): Val {
    const q = this.lookup(t.text);
    if (q === undefined) {
      if (unitOf(t.text)) {
        return this.fail(
          t.offset,
          `"${t.text}" is a unit, not a parameter; a unit must follow a number, e.g. "1${t.text}"`,
        );
      }
      const guess = didYouMean(t.text, this.knownNames);
      return this.fail(t.offset, `unknown name "${t.text}"${guess ? `; did you mean "${guess}"?` : ''}`);
    }
    if (!Number.isFinite(q.value)) return this.fail(t.offset, `"${t.text}" is not a finite number`);
    return { value: q.value, dim: q.dim };
  }

  private call(name: Token): Val {
    const open = this.next();
    this.enter(open);
    const args: { v: Val; offset: number }[] = [];
    if (!this.isOp(this.peek(), ')')) {
      for (;;) {
        const offset = this.peek().offset;
        args.push({ v: this.expr(), offset });
        if (!this.isOp(this.peek(), ',')) break;
        this.next();
      }
    }
    if (!this.isOp(this.peek(), ')')) this.syntax(this.peek(), args.length ? '"," or ")"' : 'an argument or ")"');
    this.next();
    this.depth--;
    return this.apply(name, args);
  }

  private apply(name: Token, args: { v: Val; offset: number }[]): Val {
    const fn = name.text;
    const at = name.offset;
    if (!FUNCTIONS.includes(fn)) {
      const guess = didYouMean(fn, FUNCTIONS);
      return this.fail(
        at,
        `unknown function "${fn}"${guess ? `; did you mean "${guess}"?` : `; known functions: ${FUNCTIONS.join(', ')}`}`,
      );
    }
    const variadic = fn === 'min' || fn === 'max';
    const arity = fn === 'pow' ? 2 : 1;
    if (variadic ? args.length < 1 : args.length !== arity) {
      const want = variadic ? 'at least 1 argument' : `${arity} argument${arity > 1 ? 's' : ''}`;
      return this.fail(at, `${fn} takes ${want}, got ${args.length}`);
    }
    const values: Quantity[] = [];
    for (const a of args) {
      if (!a.v) return undefined;
      values.push(a.v);
    }
    const x = values[0]!;
    if (fn === 'min' || fn === 'max') {
      const odd = values.findIndex((q) => !sameDimension(q.dim, x.dim));
      if (odd >= 0) {
        return this.fail(
          args[odd]!.offset,
          `${fn} needs arguments of the same dimension: got ${describeDimension(x.dim)} and ${describeDimension(values[odd]!.dim)}`,
        );
      }
      // reduce, not Math.min(...values): spreading a huge argument list can overflow the stack.
      const pick = fn === 'min' ? Math.min : Math.max;
      return { value: values.reduce((acc, q) => pick(acc, q.value), x.value), dim: x.dim };
    }
    if (fn === 'pow') return this.raise(at, x, values[1]);
    const keep = KEEP_DIMENSION[fn];
    if (keep) return { value: keep(x.value), dim: x.dim };
    if (fn === 'sqrt') {
      if (x.dim.some((k) => k % 2 !== 0))
        return this.fail(at, `sqrt needs units with even powers, got ${describeDimension(x.dim)}`);
      if (x.value < 0) return this.fail(at, 'sqrt of a negative number');
      return { value: Math.sqrt(x.value), dim: x.dim.map((k) => k / 2) as unknown as DimVector };
    }
    if (!sameDimension(x.dim, DIMENSIONLESS))
      return this.fail(at, `${fn} needs a plain number, got ${describeDimension(x.dim)}`);
    if (fn !== 'exp' && x.value <= 0) return this.fail(at, `${fn} of a number that is not positive`);
    return this.finite(at, PLAIN[fn]!(x.value), DIMENSIONLESS);
  }

  private finite(offset: number, value: number, dim: DimVector): Val {
    if (!Number.isFinite(value)) return this.fail(offset, 'the result is not a finite number');
    if (dim.some((k) => Math.abs(k) > MAX_DIM_EXPONENT)) {
      return this.fail(offset, `the units' powers grow beyond ±${MAX_DIM_EXPONENT}`);
    }
    return { value, dim };
  }

  private additive(op: Token, a: Val, b: Val): Val {
    if (!a || !b) return undefined;
    if (!sameDimension(a.dim, b.dim)) {
      const [da, db] = [describeDimension(a.dim), describeDimension(b.dim)];
      return this.fail(op.offset, op.text === '+' ? `cannot add ${da} and ${db}` : `cannot subtract ${db} from ${da}`);
    }
    return this.finite(op.offset, op.text === '+' ? a.value + b.value : a.value - b.value, a.dim);
  }

  private product(op: Token, a: Val, b: Val, sign: 1 | -1): Val {
    if (!a || !b) return undefined;
    if (sign < 0 && b.value === 0) return this.fail(op.offset, 'division by zero');
    return this.finite(
      op.offset,
      sign > 0 ? a.value * b.value : a.value / b.value,
      combineDimensions(a.dim, b.dim, sign),
    );
  }

  private remainder(op: Token, a: Val, b: Val): Val {
    if (!a || !b) return undefined;
    if (!sameDimension(a.dim, b.dim)) {
      return this.fail(
        op.offset,
        `"%" needs operands of the same dimension: got ${describeDimension(a.dim)} and ${describeDimension(b.dim)}`,
      );
    }
    if (b.value === 0) return this.fail(op.offset, 'division by zero');
    let r = a.value % b.value;
    if (r !== 0 && r < 0 !== b.value < 0) r += b.value;
    return this.finite(op.offset, r, a.dim);
  }

  private raise(offset: number, base: Val, exponent: Val): Val {
    if (!base || !exponent) return undefined;
    if (!sameDimension(exponent.dim, DIMENSIONLESS)) {
      return this.fail(offset, `an exponent must be a plain number, got ${describeDimension(exponent.dim)}`);
    }
    const n = exponent.value;
    const integral = Number.isInteger(n);
    if (!integral && !sameDimension(base.dim, DIMENSIONLESS)) {
      return this.fail(offset, `a quantity with units can only be raised to an integer power, got ${n}`);
    }
    if (!integral && base.value < 0) return this.fail(offset, 'cannot raise a negative number to a fractional power');
    if (base.value === 0 && n < 0) return this.fail(offset, 'division by zero');
    return this.finite(offset, base.value ** n, base.dim.map((k) => k * n) as unknown as DimVector);
  }
}

/**
 * Evaluates an arithmetic expression with units; names are resolved through `lookup`.
 * Throws ExpressionError (code E_EXPR, with `offset`) for any problem in the text.
 */
export function evaluateExpression(
  text: string,
  lookup: (name: string) => Quantity | undefined,
  options: EvaluateOptions = {},
): Quantity {
  const maxLength = options.maxLength ?? 1000;
  if (text.length > maxLength) {
    throw new ExpressionError(`the expression is ${text.length} characters long; the limit is ${maxLength}`, maxLength);
  }
  const q = new Parser(text, tokenize(text), lookup, options.knownNames ?? []).parse();
  // Normalise -0 (from `-0` or `0 * -1`) so results print and compare as 0.
  return { value: q.value === 0 ? 0 : q.value, dim: q.dim.map((k) => (k === 0 ? 0 : k)) as unknown as DimVector };
}

/** Whether `text` is just a decimal number such as "12", "-3.5e2" or ".5" (no spaces, no underscores). */
export function isPlainNumberText(text: string): boolean {
  return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text);
}

// Suggestions are shared by every place that reports an unknown name.
export { didYouMean };
// Public through core/index.ts, which api/ imports it from.
export { ExpressionError };
