import { z } from 'zod';
import { CANONICAL_UNITS, type Dimension } from './units.js';

/** What Helen records about each parameter beside its zod type: the reference users read. */
export interface ParamMeta {
  /** One line saying what the parameter is. */
  description: string;
  /** Physical dimension; numeric parameters accept expressions with units of this dimension. */
  dimension?: Dimension;
  /** Unit the value is stored in after conversion (`ps`, `pJ`, `mW`, `mm2`, `bytes`, `Hz`, `bytes/s`). */
  unit?: string;
  /** How YAML text is read: `number` values may be expressions; `string`/`enum`/`boolean` are literal; `file` is a file name (see `param.file`). */
  kind: 'number' | 'integer' | 'string' | 'enum' | 'boolean' | 'file';
}

interface NumberOptions<D> {
  /** Default when the architecture leaves the key out; omit to make the key required. */
  default?: D;
  min?: number;
  max?: number;
}

function withMeta<T extends z.ZodType>(schema: T, meta: ParamMeta, def: unknown): z.ZodType {
  const s = def === undefined ? schema : (schema as unknown as { default(value: unknown): z.ZodType }).default(def);
  return s.meta(meta as unknown as Record<string, unknown>);
}

function numeric(
  kind: 'number' | 'integer',
  dimension: Dimension,
  description: string,
  o: NumberOptions<number>,
): z.ZodType<number> {
  let s = kind === 'integer' ? z.number().int() : z.number();
  if (!Number.isNaN(o.min ?? NaN)) s = s.min(o.min!);
  if (!Number.isNaN(o.max ?? NaN)) s = s.max(o.max!);
  s = s.refine(Number.isFinite, 'expected a finite number') as unknown as typeof s;
  return withMeta(
    s,
    { description, kind, dimension, unit: CANONICAL_UNITS[dimension] },
    o.default,
  ) as z.ZodType<number>;
}

/**
 * Builders for component parameters. Each returns a zod schema carrying a
 * ParamMeta, so one declaration gives the TypeScript type, the validation,
 * the `helen list` documentation and the JSON Schema editors use.
 * Quantities are stored in canonical units (time in ps, energy in pJ, ...);
 * YAML may give them as expressions with any unit of the right dimension.
 */
export const param = {
  /** A dimensionless real number. */
  number: (description: string, o: NumberOptions<number> = {}) => numeric('number', 'none', description, o),
  /** A dimensionless whole number. */
  integer: (description: string, o: NumberOptions<number> = {}) => numeric('integer', 'none', description, o),
  /** A duration, stored in whole picoseconds. */
  time: (description: string, o: NumberOptions<number> = {}) =>
    numeric('integer', 'time', description, { min: 0, ...o }),
  /** A frequency, stored in Hz. */
  frequency: (description: string, o: NumberOptions<number> = {}) =>
    numeric('number', 'frequency', description, { min: 0, ...o }),
  /** An energy, stored in pJ. */
  energy: (description: string, o: NumberOptions<number> = {}) =>
    numeric('number', 'energy', description, { min: 0, ...o }),
  /** A power, stored in mW. */
  power: (description: string, o: NumberOptions<number> = {}) =>
    numeric('number', 'power', description, { min: 0, ...o }),
  /** An area, stored in mm². */
  area: (description: string, o: NumberOptions<number> = {}) =>
    numeric('number', 'area', description, { min: 0, ...o }),
  /** A data size, stored in whole bytes. */
  size: (description: string, o: NumberOptions<number> = {}) =>
    numeric('integer', 'size', description, { min: 0, ...o }),
  /** A bandwidth, stored in bytes per second. */
  bandwidth: (description: string, o: NumberOptions<number> = {}) =>
    numeric('number', 'bandwidth', description, { min: 0, ...o }),
  /** A yes/no switch. */
  boolean: (description: string, o: { default?: boolean } = {}) =>
    withMeta(z.boolean(), { description, kind: 'boolean' }, o.default) as z.ZodType<boolean>,
  /** One of a fixed set of words. */
  enum: <const V extends readonly [string, ...string[]]>(
    values: V,
    description: string,
    o: { default?: V[number] } = {},
  ) => withMeta(z.enum(values), { description, kind: 'enum' }, o.default) as z.ZodType<V[number]>,
  /** Free text (a label, a sibling's name). */
  string: (description: string, o: { default?: string } = {}) =>
    withMeta(z.string(), { description, kind: 'string' }, o.default) as z.ZodType<string>,
  /**
   * A file to read, named relative to the file the value is written in (to the
   * working directory for `--set`). The elaborator confines it to the
   * architecture's folder tree and the folders allowed with `--allow-dir`, and
   * hands the component its real path; "" (no file) stays "".
   */
  file: (description: string, o: { default?: string } = {}) =>
    withMeta(z.string(), { description, kind: 'file' }, o.default) as z.ZodType<string>,
};

/** The ParamMeta of a parameter schema built with `param`. */
export function paramMeta(schema: z.ZodType): ParamMeta | undefined {
  const own = schema.meta() as unknown as ParamMeta | undefined;
  if (own) return own;
  // `param.x(...).optional()` (an optional operation argument) wraps the schema that carries the meta.
  const inner = (schema as { def?: { type?: string; innerType?: z.ZodType } }).def;
  return inner?.type === 'optional' && inner.innerType ? paramMeta(inner.innerType) : undefined;
}

/** The default of a parameter, or undefined if it is required. */
export function paramDefault(schema: z.ZodType): unknown {
  const def = (schema as { def?: { type?: string; defaultValue?: unknown } }).def;
  if (def?.type === 'default') return typeof def.defaultValue === 'function' ? def.defaultValue() : def.defaultValue;
  return undefined;
}

/** Whether the architecture must give this parameter. */
export function paramRequired(schema: z.ZodType): boolean {
  return (schema as { def?: { type?: string } }).def?.type !== 'default' && !schema.safeParse(undefined).success;
}
