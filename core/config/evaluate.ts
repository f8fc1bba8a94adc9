import { HelenError, type SourceLocation } from '../errors.js';
import { evaluateExpression, ExpressionError } from './expression.js';
import { convertTo, DIMENSIONLESS, type Quantity } from './units.js';
import type { ParamMeta } from './params.js';
import type { ValueSpec } from './spec.js';

/** Variables visible to an expression: architecture params, plus `index` inside replicated components. */
export class Scope {
  constructor(
    private readonly vars: ReadonlyMap<string, Quantity>,
    private readonly parent?: Scope,
  ) {}

  lookup = (name: string): Quantity | undefined => this.vars.get(name) ?? this.parent?.lookup(name);

  /** Every visible name (for did-you-mean). */
  names(): string[] {
    return [...new Set([...this.vars.keys(), ...(this.parent?.names() ?? [])])];
  }

  /** A child scope with more variables. */
  with(vars: ReadonlyMap<string, Quantity>): Scope {
    return new Scope(vars, this);
  }
}

/** Moves an expression error's column to where the expression sits in the file. */
function exprLocation(loc: SourceLocation, raw: string, e: ExpressionError): SourceLocation {
  if (loc.line === undefined || loc.column === undefined) return loc;
  // Quoted scalars start one column before their text.
  return { ...loc, column: loc.column + e.offset };
  void raw;
}

/** Evaluates a value to a Quantity (numbers are dimensionless; strings are expressions). */
export function evaluateQuantity(v: ValueSpec, scope: Scope, what: string): Quantity {
  if (typeof v.raw === 'number') {
    if (!Number.isFinite(v.raw))
      throw new HelenError('E_TYPE', `${what}: expected a finite number, got ${v.raw}`, v.loc);
    return { value: v.raw, dim: DIMENSIONLESS };
  }
  if (typeof v.raw !== 'string') {
    throw new HelenError(
      'E_TYPE',
      `${what}: expected a number or an expression such as "2 * xbar_size" or "10ns", got ${v.raw === null ? 'nothing' : typeof v.raw}`,
      v.loc,
    );
  }
  try {
    return evaluateExpression(v.raw, scope.lookup, { knownNames: () => scope.names() });
  } catch (e) {
    if (e instanceof ExpressionError)
      throw new HelenError(e.code, `${what}: ${e.message}`, exprLocation(v.loc, v.raw, e));
    if (e instanceof HelenError) throw new HelenError(e.code, `${what}: ${e.message}`, v.loc);
    throw e;
  }
}

/** Evaluates a parameter value as its declared kind and unit; errors name what was expected. */
export function evaluateParam(v: ValueSpec, meta: ParamMeta | undefined, scope: Scope, key: string): unknown {
  const kind = meta?.kind ?? 'string';
  if (kind === 'number' || kind === 'integer') {
    const dimension = meta?.dimension ?? 'none';
    const q = evaluateQuantity(v, scope, `parameter "${key}"`);
    let value: number;
    try {
      value = convertTo(q, dimension);
    } catch (e) {
      if (e instanceof HelenError) throw new HelenError(e.code, `parameter "${key}": ${e.message}`, v.loc);
      throw e;
    }
    if (kind === 'integer') {
      const r = Math.round(value);
      if (Math.abs(value - r) > 1e-9 * Math.max(1, Math.abs(value))) {
        const unit = meta?.unit ? ` ${meta.unit}` : '';
        throw new HelenError(
          'E_TYPE',
          `parameter "${key}": expected a whole number${unit ? ` of${unit}` : ''}, got ${value}${unit}`,
          v.loc,
        );
      }
      value = r;
    }
    return value;
  }
  if (kind === 'boolean') {
    if (typeof v.raw === 'boolean') return v.raw;
    if (v.raw === 'true' || v.raw === 'false') return v.raw === 'true';
    throw new HelenError('E_TYPE', `parameter "${key}": expected true or false, got ${JSON.stringify(v.raw)}`, v.loc);
  }
  if (typeof v.raw === 'string') return v.raw;
  if (typeof v.raw === 'number') return String(v.raw);
  throw new HelenError('E_TYPE', `parameter "${key}": expected text, got ${JSON.stringify(v.raw)}`, v.loc);
}
