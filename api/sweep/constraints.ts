import {
  DIMENSIONLESS,
  evaluateExpression,
  ExpressionError,
  HelenError,
  sameDimension,
  type Quantity,
} from '../../core/index.js';
import type { PointParams, SweepConstraint } from './types.js';

type Comparison = '<=' | '>=' | '==' | '!=' | '<' | '>';
const COMPARISON = /<=|>=|==|!=|<|>/g;
const QUOTED = /^\s*(['"])(.*)\1\s*$/;

/**
 * A constraint is `EXPR OP EXPR` with OP one of `< <= > >= == !=`; both sides are
 * Helen expressions (units, `log2`, `min`, …), and a swept parameter is named by the
 * last segment of its path (`chip.array.rows` → `rows`). A quoted side compares text:
 * `dataflow != "is"`. The expression language has no comparison characters, so the
 * single operator splits the text unambiguously.
 */
interface ParsedConstraint {
  source: SweepConstraint;
  op: Comparison;
  sides: { text: string; offset: number }[];
}

/** Short names of swept paths usable in constraints; a name two paths share is ambiguous. */
export function constraintNames(paths: readonly string[]): Map<string, string | null> {
  const names = new Map<string, string | null>();
  for (const path of paths) {
    const short = path.slice(path.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
    names.set(short, names.has(short) ? null : path);
  }
  return names;
}

function parse(c: SweepConstraint): ParsedConstraint {
  const ops = [...c.text.matchAll(COMPARISON)];
  if (ops.length !== 1) {
    const at = ops[1]?.index ?? 0;
    throw located(
      c,
      ops.length
        ? 'a constraint compares two expressions once (write several constraints instead of chaining)'
        : 'a constraint needs one comparison: <, <=, >, >=, == or !=',
      at,
    );
  }
  const m = ops[0]!;
  const op = m[0] as Comparison;
  return {
    source: c,
    op,
    sides: [
      { text: c.text.slice(0, m.index), offset: 0 },
      { text: c.text.slice(m.index! + op.length), offset: m.index! + op.length },
    ],
  };
}

function located(c: SweepConstraint, message: string, offset: number): HelenError {
  const loc = c.loc.column !== undefined ? { ...c.loc, column: c.loc.column + offset } : c.loc;
  return new HelenError('E_CONSTRAINT', `${message}: ${c.text}`, loc);
}

/** Checks constraints over the point's parameters; `true` means the point is kept. */
export class ConstraintChecker {
  private readonly parsed: ParsedConstraint[];
  private readonly names: Map<string, string | null>;

  /** Parses every constraint; problems (syntax, unknown or ambiguous names) are thrown located. */
  constructor(constraints: readonly SweepConstraint[], sweptPaths: readonly string[], sample: PointParams) {
    this.names = constraintNames(sweptPaths);
    this.parsed = constraints.map(parse);
    // Evaluating against one real point catches misspelt names and dimension mismatches before any simulation runs.
    if (Object.keys(sample).length) this.accepts(sample);
  }

  accepts(params: PointParams): boolean {
    return this.parsed.every((p) => this.holds(p, params));
  }

  private holds(p: ParsedConstraint, params: PointParams): boolean {
    const texts = p.sides.map((s) => QUOTED.exec(s.text));
    if (texts[0] || texts[1]) {
      if (p.op !== '==' && p.op !== '!=')
        throw located(p.source, 'text can only be compared with == or !=', p.sides[1]!.offset);
      const [a, b] = p.sides.map((s, i) => texts[i]?.[2] ?? String(this.value(s.text.trim(), params, p, s.offset)));
      return (a === b) === (p.op === '==');
    }
    const [a, b] = p.sides.map((s) => this.evaluate(s, params, p));
    if (!sameDimension(a!.dim, b!.dim))
      throw located(p.source, 'the two sides have different units', p.sides[1]!.offset);
    const x = a!.value;
    const y = b!.value;
    switch (p.op) {
      case '<':
        return x < y;
      case '<=':
        return x <= y;
      case '>':
        return x > y;
      case '>=':
        return x >= y;
      case '==':
        return x === y;
      case '!=':
        return x !== y;
    }
  }

  private value(name: string, params: PointParams, p: ParsedConstraint, offset: number): string | number | boolean {
    const path = this.names.get(name);
    if (path === null) throw located(p.source, `"${name}" names several swept parameters`, offset);
    if (path === undefined)
      throw located(
        p.source,
        `"${name}" is not a swept parameter (known: ${[...this.names.keys()].join(', ')})`,
        offset,
      );
    return params[path]!;
  }

  private evaluate(side: { text: string; offset: number }, params: PointParams, p: ParsedConstraint): Quantity {
    const lookup = (name: string): Quantity | undefined => {
      const path = this.names.get(name);
      if (path === null) throw located(p.source, `"${name}" names several swept parameters`, side.offset);
      if (path === undefined) return undefined;
      return toQuantity(params[path]!);
    };
    try {
      return evaluateExpression(side.text, lookup, { knownNames: [...this.names.keys()] });
    } catch (e) {
      if (e instanceof ExpressionError) throw located(p.source, e.message, side.offset + e.offset);
      throw e;
    }
  }
}

/** A parameter value as a quantity: numbers are plain, text such as `0.23pJ` is evaluated with its unit. */
function toQuantity(v: string | number | boolean): Quantity | undefined {
  if (typeof v === 'number') return { value: v, dim: DIMENSIONLESS };
  if (typeof v === 'boolean') return { value: v ? 1 : 0, dim: DIMENSIONLESS };
  try {
    return evaluateExpression(v, () => undefined);
  } catch {
    return undefined;
  }
}
