import { z } from 'zod';
import { HelenError } from '../errors.js';
import { didYouMean } from '../config/did-you-mean.js';
import { paramMeta } from '../config/params.js';
import { shownValue } from '../io/excerpt.js';
import type { Component } from './component.js';
import type { Elaboration } from '../config/elaborate.js';
import type { Operation } from './operation.js';

/**
 * One operation a component type accepts from workloads and controllers: its
 * documentation, its argument schema (built with `param`, so arguments are
 * documented by `helen list` like parameters) and its handler.
 */
export interface OperationDecl<C extends Component = Component, S extends z.ZodRawShape = z.ZodRawShape> {
  /** One line for `helen list TYPE`. */
  description: string;
  /** Argument schema: argument name → `param.*` schema. Unknown arguments are errors. */
  args: S;
  /** Starts (or queues) the operation; calls `done` exactly once when it completes. */
  run(component: C, args: z.infer<z.ZodObject<S>>, done: () => void, op: Operation): void;
}

/** Declares one operation with its argument types inferred from the schema. */
export function defineOperation<C extends Component, S extends z.ZodRawShape>(
  decl: OperationDecl<C, S>,
): OperationDecl<C, S> {
  return decl;
}

/** A statistic a component type publishes: name → one line with its unit, for `helen list TYPE`. */
export type StatisticsDecl = Readonly<Record<string, string>>;

/* eslint-disable @typescript-eslint/no-explicit-any -- the one place this erasure is written */
/** An operation of any argument shape, as an operation table holds it (its handler takes its own argument type). */
export type AnyOperationDecl<C extends Component = any> = OperationDecl<C, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * A named place for children a component needs (gem5's typed child
 * parameters, SST's subcomponent slots): which registered types fill it, how
 * many, and whether they are direct children or anywhere below. Drivers and
 * parents find their hardware through slots, never by scanning for classes.
 */
export interface ChildSlot<C extends Component = Component> {
  /** One line for `helen list TYPE`. */
  description: string;
  /** Registered type names that fill the slot. */
  types: readonly string[];
  /** Fewest instances the slot needs (default 0). */
  min: number;
  /** Most instances it takes (default unbounded). */
  max: number;
  /** `children` (default): direct children only; `descendants`: anywhere below, not looking inside another filled instance. */
  scope: 'children' | 'descendants';
  /** Type witness only: the instance type the slot yields. */
  readonly __instance?: C;
}

/** Something that names a registered component type and the instance type its factory builds. */
export interface TypeRef<C extends Component = Component> {
  type: string;
  /** Only its instance type matters here; `never` admits a factory of any context type. */
  create(ctx: never): C;
}

/** Declares a child slot filled by instances of `types`. */
export function childSlot<C extends Component>(
  types: TypeRef<C> | readonly TypeRef<C>[],
  options: { description: string; min?: number; max?: number; scope?: 'children' | 'descendants' },
): ChildSlot<C> {
  const list = Array.isArray(types) ? (types as readonly TypeRef<C>[]) : [types as TypeRef<C>];
  return {
    description: options.description,
    types: list.map((t) => t.type),
    min: options.min ?? 0,
    max: options.max ?? Infinity,
    scope: options.scope ?? 'children',
  };
}

/** What a registered component type declares about itself: the part the kernel and the tools read. */
export interface ComponentDeclaration {
  /** Dotted type name, `family.kind`. */
  type: string;
  /** Operations workloads may address to it (see `issueOperation`). */
  operations?: Readonly<Record<string, AnyOperationDecl>>;
  /** Statistics its instances publish. */
  statistics?: StatisticsDecl;
  /** Child slots, by name. */
  slots?: Readonly<Record<string, ChildSlot>>;
  /** Files a run of a model with this type can write (see `OutputFileDecl`), by name. */
  outputs?: Readonly<Record<string, OutputFileDecl>>;
}

/**
 * A file a component type can write from a run (a spike dump, a weight
 * table), asked for by name (`helen run --spikes-out` asks for `spikes`), so
 * the API and the CLI write a family's files without knowing the family.
 */
export interface OutputFileDecl {
  /** One line for `helen list TYPE`. */
  description: string;
  /** Starts the file for the whole model (once per run, before it starts, whatever the number of instances). */
  open(model: Elaboration, file: string): OutputFileWriter;
}

/** An output file being written: written to a temporary name, moved into place by `commit`, dropped by `abort`. */
export interface OutputFileWriter {
  /** Finishes the file after a successful run and moves it into place; returns the records written. */
  commit(): number;
  /** Leaves no file behind (a failed run). */
  abort(): void;
}

/** The output `name` as the first component type in `components` that declares it, or undefined. */
export function declaredOutput(components: Iterable<unknown>, name: string): OutputFileDecl | undefined {
  for (const c of components) {
    const decl = (c as Component).declaration?.outputs?.[name];
    if (decl) return decl;
  }
  return undefined;
}

/** Instances of `slot` below `owner`, in tree order (typed by the slot's declaration). */
export function fillSlot<C extends Component>(owner: Component, slot: ChildSlot<C>): C[] {
  const out: C[] = [];
  const visit = (parent: Component): void => {
    for (const child of parent.children) {
      if (slot.types.includes(child.type)) out.push(child as C);
      else if (slot.scope === 'descendants') visit(child);
    }
  };
  visit(owner);
  return out;
}

/** The instances of slot `name` that `owner`'s type declares (an error if the type declares no such slot). */
export function slotted<C extends Component = Component>(owner: Component, name: string): C[] {
  const slot = owner.declaration?.slots?.[name];
  if (!slot) throw new HelenError('E_SLOT', `${owner.path} (${owner.type}) declares no slot "${name}"`);
  return fillSlot(owner, slot as ChildSlot<C>);
}

/** The one instance of slot `slot` below `owner`, or undefined when the slot is empty. */
export function slotOne<C extends Component>(owner: Component, slot: ChildSlot<C>): C | undefined {
  return fillSlot(owner, slot)[0];
}

/** Problems with `owner`'s slots (too few or too many instances), as messages. */
export function slotProblems(owner: Component): string[] {
  const problems: string[] = [];
  for (const [name, slot] of Object.entries(owner.declaration?.slots ?? {})) {
    const n = fillSlot(owner, slot).length;
    if (n >= slot.min && n <= slot.max) continue;
    const want =
      slot.max === Infinity
        ? `at least ${slot.min}`
        : slot.min === slot.max
          ? `exactly ${slot.min}`
          : `${slot.min} to ${slot.max}`;
    const where = slot.scope === 'children' ? 'among its children' : 'below it';
    problems.push(
      `${owner.path} (${owner.type}): slot "${name}" needs ${want} ${slot.types.join(' or ')} ${where}, found ${n} (${slot.description})`,
    );
  }
  return problems;
}

/**
 * Every component below the given roots whose registered type is `ref`'s, typed
 * by its factory: how a driver finds a kind of hardware in a model.
 */
export function componentsOfType<C extends Component>(components: Iterable<unknown>, ref: TypeRef<C> | string): C[] {
  const type = typeof ref === 'string' ? ref : ref.type;
  const out: C[] = [];
  for (const c of components) if ((c as Component).type === type) out.push(c as C);
  return out;
}

const argSchemas = new WeakMap<AnyOperationDecl, z.ZodObject>();

function argSchema(decl: AnyOperationDecl): z.ZodObject {
  let s = argSchemas.get(decl);
  if (!s) argSchemas.set(decl, (s = z.object(decl.args).strict()));
  return s;
}

/** What an argument should be, in words: "a whole number ≥ 1", "a number", … */
function expectation(issue: z.core.$ZodIssue, schema: z.ZodType | undefined): string {
  const kind = schema ? paramMeta(schema)?.kind : undefined;
  const noun =
    kind === 'integer'
      ? 'a whole number'
      : kind === 'number'
        ? 'a number'
        : kind === 'boolean'
          ? 'true or false'
          : kind === 'string'
            ? 'text'
            : kind === 'enum'
              ? 'one of the allowed words'
              : 'valid';
  if (issue.code === 'too_small') return `${noun} ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
  if (issue.code === 'too_big') return `${noun} ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
  if (issue.code === 'invalid_value') return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return kind ? noun : issue.message;
}

/**
 * The arguments of `op` checked against its declaration: defaults filled in, a
 * wrong, missing or unknown argument named (a wrong or unknown one also as the
 * error's location `path`, so a workload reader can point at it).
 */
export function parseOperationArgs(decl: AnyOperationDecl, op: Operation): Record<string, unknown> {
  const parsed = argSchema(decl).safeParse(op.args);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const hint = didYouMean(key, Object.keys(decl.args));
    throw new HelenError(
      'E_OP',
      `operation "${op.name}" has no argument "${key}"${hint ? `; did you mean "${hint}"?` : `; it takes: ${Object.keys(decl.args).join(', ') || 'none'}`}`,
      { path: key },
    );
  }
  const name = String(issue.path[0] ?? '');
  const schema = (decl.args as Record<string, z.ZodType>)[name];
  const given = op.args[name];
  const description = schema ? paramMeta(schema)?.description : undefined;
  if (given === undefined)
    throw new HelenError(
      'E_OP',
      `operation "${op.name}" needs argument "${name}"${description ? ` (${description})` : ''}, ${expectation(issue, schema)}`,
    );
  throw new HelenError(
    'E_OP',
    `operation "${op.name}": argument "${name}" must be ${expectation(issue, schema)}, got ${shownValue(given)}`,
    { path: name },
  );
}

/** The operation names `component` accepts. */
export function operationNames(component: Component): string[] {
  return Object.keys(component.declaration?.operations ?? {});
}

/** Whether `component` accepts any operation. */
export function acceptsOperations(component: Component): boolean {
  return operationNames(component).length > 0;
}

/**
 * Issues `op` to `component`: the one place an operation is dispatched, so an
 * unknown operation or a malformed argument is reported the same way for
 * every type. Calls `done` once when the component finishes it.
 */
export function issueOperation(component: Component, op: Operation, done: () => void): void {
  const tap = component.operationTap;
  if (tap) tap(op, done, (o, d) => dispatch(component, o, d));
  else dispatch(component, op, done);
}

function dispatch(component: Component, op: Operation, done: () => void): void {
  const decl = component.declaration?.operations?.[op.name];
  if (!decl) {
    const known = operationNames(component);
    const hint = didYouMean(op.name, known);
    throw new HelenError(
      'E_OP',
      `${component.path} (${component.type}) does not know operation "${op.name}"${hint ? `; did you mean "${hint}"?` : ''}; it accepts: ${known.join(', ') || 'no operations'}`,
    );
  }
  decl.run(component, parseOperationArgs(decl, op), done, op);
}
