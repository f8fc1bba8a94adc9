import type { z } from 'zod';
import { HelenError, type SourceLocation } from '../errors.js';
import type { Clock } from '../kernel/clock.js';
import type { Simulator } from '../kernel/simulator.js';
import type { Component, ComponentOptions } from '../model/component.js';
import type {
  ChildSlot,
  ComponentDeclaration,
  AnyOperationDecl,
  OutputFileDecl,
  StatisticsDecl,
} from '../model/declaration.js';
import type { ComponentProperties } from '../verify/property.js';
import { didYouMean } from './expression.js';

/** What a component type's factory receives from the elaborator. */
export interface CreateContext<P> {
  /** Parent component, or the simulator for a root. */
  parent: Component | Simulator;
  /** Instance name, e.g. `ima[3]`. */
  name: string;
  /** Validated parameters, in canonical units, defaults filled in. */
  params: P;
  /** The instance's clock when the architecture gives one (else it inherits its parent's). */
  clock: Clock | undefined;
  /** The registered type name, to pass on to the Component constructor. */
  type: string;
  /** The registered type's declaration (operations, statistics, slots), to pass on to the Component constructor. */
  declaration?: ComponentDeclaration;
  /** Where each given parameter was written: files a parameter names resolve relative to it, and problems with them are reported there. */
  paramLocations?: ReadonlyMap<string, SourceLocation>;
}

/**
 * The Component constructor options of a created instance: its clock, params
 * and type, with its own area and static power taken from the `area` and
 * `leakage` parameters most component types declare.
 */
export function componentOptions(ctx: CreateContext<{ area: number; leakage: number }>): ComponentOptions {
  return {
    clock: ctx.clock,
    params: ctx.params,
    type: ctx.type,
    declaration: ctx.declaration,
    areaMm2: ctx.params.area,
    leakageMw: ctx.params.leakage,
  };
}

/**
 * A component type as a family registers it, declared in one place: parameter
 * schema, ports, operations, statistics, child slots, verify properties and
 * the factory. `helen list TYPE`, `helen schema`, the elaborator, the
 * operation dispatcher and `helen verify` all read this one declaration.
 */
export interface ComponentType<S extends z.ZodRawShape = z.ZodRawShape, C extends Component = Component> {
  /** Dotted type name, `family.kind`, e.g. `reram.crossbar`. */
  type: string;
  /** One line for `helen list`. */
  description: string;
  /** Parameter schema (built with `param`), strict: unknown keys are errors. */
  params: z.ZodObject<S>;
  /** Ports the type declares: name → one-line description. */
  ports?: Readonly<Record<string, string>>;
  /** Operations a workload may address to it, with argument schemas and handlers (see `defineOperation`). */
  operations?: Readonly<Record<string, AnyOperationDecl<C>>>;
  /** Statistics its instances publish: name → one line with the unit. */
  statistics?: StatisticsDecl;
  /** Child slots: where its parent-of-hardware role finds the children it needs (see `childSlot`). */
  slots?: Readonly<Record<string, ChildSlot>>;
  /** Files a run can write from instances of this type (`helen run --spikes-out` asks for `spikes`), by name. */
  outputs?: Readonly<Record<string, OutputFileDecl>>;
  /**
   * Names an energy reference table (Accelergy's ERT) may give this type's
   * actions, each with the energy parameter it sets (`{ mac_random: 'mac_energy' }`),
   * or `{ refuse: why }` when the type's energy for it is not one per action.
   * Without an entry, action `X` sets `energy_per_X` or `X_energy` when the type has one.
   */
  energyActions?: Readonly<Record<string, string | { refuse: string }>>;
  /** The area parameter an area reference table (Accelergy's ART) sets, when not `area`: what one table entry's instance is here. */
  tableArea?: string;
  /** Properties `helen verify` checks on every instance: operation arbitraries and checks (see docs/verification.md). */
  properties?: ComponentProperties;
  /** Builds one instance. */
  create(ctx: CreateContext<z.infer<z.ZodObject<S>>>): C;
}

/**
 * A component type of any parameter shape and instance class, as a registry holds it: its `create` takes its own
 * parameter type (a contravariant position), so no single concrete instantiation admits every type.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one place this erasure is written
export type AnyComponentType = ComponentType<any, any>;

/** Declares a component type with its parameter and instance types inferred. */
export function defineComponent<S extends z.ZodRawShape, C extends Component>(
  def: ComponentType<S, C>,
): ComponentType<S, C> {
  return def;
}

/**
 * The component types available to architectures. Each simulation session
 * builds its own registry (no global state); families add their types with
 * their `register(registry)` function.
 */
export class ComponentRegistry {
  private readonly byName = new Map<string, AnyComponentType>();

  register(def: AnyComponentType): this {
    if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/.test(def.type)) {
      throw new HelenError(
        'E_REGISTRY',
        `component type "${def.type}" must be dotted lower-case, e.g. "reram.crossbar"`,
      );
    }
    if (this.byName.has(def.type))
      throw new HelenError('E_REGISTRY', `component type "${def.type}" is registered twice`);
    this.byName.set(def.type, def);
    return this;
  }

  /** Swaps a registered type for another of the same name (a wrapped or instrumented version, e.g. in fault-injection tests). */
  replace(def: AnyComponentType): this {
    if (!this.byName.has(def.type))
      throw new HelenError('E_REGISTRY', `component type "${def.type}" is not registered, so it cannot be replaced`);
    this.byName.set(def.type, def);
    return this;
  }

  get(type: string): AnyComponentType | undefined {
    return this.byName.get(type);
  }

  /** Like `get`, but an unknown type is an error with a suggestion. */
  require(type: string): AnyComponentType {
    const t = this.byName.get(type);
    if (!t) {
      const hint = didYouMean(type, [...this.byName.keys()]);
      throw new HelenError(
        'E_UNKNOWN_TYPE',
        `unknown component type "${type}"${hint ? `; did you mean "${hint}"?` : ''}`,
      );
    }
    return t;
  }

  /** All registered types, sorted by name. */
  types(): AnyComponentType[] {
    return [...this.byName.values()].sort((a, b) => a.type.localeCompare(b.type));
  }
}
