import type { z } from 'zod';
import { HelenError, HelenErrors, uniqueProblems, type SourceLocation } from '../errors.js';
import { Clock } from '../kernel/clock.js';
import { Simulator } from '../kernel/simulator.js';
import { isComponent, type Component } from '../model/component.js';
import { slotProblems } from '../model/declaration.js';
import { Connections, type ConnectionHost } from './connections.js';
import { didYouMean } from './expression.js';
import { evaluateParam, evaluateQuantity, Scope } from './evaluate.js';
import { resolveFileParam } from './file-param.js';
import { countInstances, MAX_INSTANCES, replicaRange } from './instance-count.js';
import { paramMeta } from './params.js';
import type { ParameterSource } from './parameter-source.js';
import type { AnyComponentType, ComponentRegistry } from './registry.js';
import type { ArchitectureSpec, ComponentSpec, ValueSpec } from './spec.js';
import { convertTo, DIMENSIONLESS, type Quantity } from './units.js';

export { MAX_INSTANCES } from './instance-count.js';

/** The built model: simulator, clocks, component tree. */
export interface Elaboration {
  spec: ArchitectureSpec;
  sim: Simulator;
  /** The architecture's main clock (cycles in reports are of this clock). */
  mainClock: Clock;
  clocks: Map<string, Clock>;
  roots: Component[];
  /** Architecture variables after overrides. */
  variables: Map<string, Quantity>;
}

/** Options for elaboration. */
export interface ElaborateOptions {
  registry: ComponentRegistry;
  /** The run's seed (random streams of every component derive from it). */
  seed?: number;
  /** `--set` overrides: dotted path → value text. */
  overrides?: ReadonlyMap<string, string>;
  /** Parameter values that `--set` outranks and the architecture file yields to (reference tables of energies and areas). */
  parameterSource?: ParameterSource;
  /** Told as instances are built: how many so far, of how many the architecture has (for a progress bar). */
  onInstance?: (built: number, total: number) => void;
}

/** Builds components and links from a loaded architecture; reports every problem found, located. */
export function elaborate(spec: ArchitectureSpec, options: ElaborateOptions): Elaboration {
  return new Elaborator(spec, options).run();
}

class Elaborator implements ConnectionHost {
  readonly problems: HelenError[] = [];
  private readonly sim: Simulator;
  private readonly overrides: Map<string, { text: string; used: boolean }>;
  readonly instances = new Map<string, Component>();
  readonly clocks = new Map<string, Clock>();
  /** Every path an override could have named (for did-you-mean); kept only when there are overrides. */
  private readonly knownOverridePaths: string[] = [];
  /** Values of index-free parameters as written in the file (see `evaluateParamOnce`). */
  private readonly paramValues = new Map<ValueSpec, unknown>();
  /** Body paths (no indices) of components that failed to build, already reported. */
  readonly failed = new Set<string>();
  private instanceCount = 0;
  /** The instances the architecture makes, counted before building (for `onInstance`). */
  private instanceTotal = 0;
  /** The spec each instance was built from (slot problems are reported at its location). */
  private readonly specOf = new Map<Component, ComponentSpec>();
  /** Makes the links connection specs name (reads instances, clocks and failures as they are built). */
  private readonly connections = new Connections(this);

  constructor(
    private readonly spec: ArchitectureSpec,
    private readonly options: ElaborateOptions,
  ) {
    this.sim = new Simulator({ seed: options.seed ?? 1 });
    this.overrides = new Map([...(options.overrides ?? new Map())].map(([k, v]) => [k, { text: v, used: false }]));
  }

  run(): Elaboration {
    const variables = this.evaluateVariables();
    const scope = new Scope(variables);
    const mainClock = this.buildClocks(scope);
    this.refuseTooManyInstances(scope);
    this.options.onInstance?.(0, this.instanceTotal);
    const roots: Component[] = [];
    for (const c of this.spec.components) roots.push(...this.instantiate(c, this.sim, '', '', scope, mainClock));
    for (const conn of this.spec.connections) this.connections.connect(conn, '', scope);
    for (const [key, o] of this.overrides) {
      if (!o.used) {
        const hint = didYouMean(key, [...new Set(this.knownOverridePaths)]);
        this.problems.push(
          new HelenError(
            'E_UNKNOWN_KEY',
            `no such variable or parameter${hint ? `; did you mean "${hint}"?` : ' (use NAME for a variable, or component.path.param)'}`,
            { file: '--set', path: key },
          ),
        );
      }
    }
    if (!this.problems.length) this.checkSlots();
    if (this.problems.length) throw new HelenErrors(uniqueProblems(this.problems));
    for (const c of this.sim.components as Component[]) c.setup();
    return { spec: this.spec, sim: this.sim, mainClock, clocks: this.clocks, roots, variables };
  }

  /** Every declared child slot holds as many instances as it needs. */
  private checkSlots(): void {
    for (const [component, spec] of this.specOf) {
      if (!component.declaration?.slots) continue;
      for (const message of slotProblems(component)) this.problems.push(new HelenError('E_SLOT', message, spec.loc));
    }
  }

  private override(path: string): ValueSpec | undefined {
    if (this.overrides.size === 0) return undefined;
    this.knownOverridePaths.push(path);
    const o = this.overrides.get(path);
    if (!o) return undefined;
    o.used = true;
    return { raw: o.text, loc: { file: '--set', path } };
  }

  attempt<T>(loc: SourceLocation, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (e instanceof HelenErrors) this.problems.push(...e.problems);
      else if (e instanceof HelenError) this.problems.push(e.location ? e : new HelenError(e.code, e.message, loc));
      else throw e;
      return undefined;
    }
  }

  private evaluateVariables(): Map<string, Quantity> {
    const vars = new Map<string, Quantity>();
    const scope = new Scope(vars);
    for (const [name, v] of this.spec.params) {
      const value = this.override(name) ?? this.override(`params.${name}`) ?? v;
      // A boolean is refused like any non-number: `stages: true` is a mistake, not 1.
      const q = this.attempt(value.loc, () => evaluateQuantity(value, scope, `variable "${name}"`));
      if (q) vars.set(name, q);
    }
    return vars;
  }

  private clockFrom(name: string, v: ValueSpec, scope: Scope): Clock | undefined {
    return this.attempt(v.loc, () => {
      const q = evaluateQuantity(v, scope, `clock "${name}"`);
      if (q.dim.every((d, i) => d === [-1, 0, 0, 0][i])) return Clock.fromFrequencyHz(name, convertTo(q, 'frequency'));
      const periodPs = convertTo(q, 'time');
      if (!Number.isInteger(periodPs)) {
        throw new HelenError(
          'E_CLOCK',
          `clock "${name}": a period must be a whole number of ps (give a frequency such as "1.2GHz" for fractional periods)`,
          v.loc,
        );
      }
      return Clock.fromPeriodPs(name, periodPs);
    });
  }

  private buildClocks(scope: Scope): Clock {
    const mainSpec = this.override('clock') ?? this.spec.clock;
    let main = mainSpec ? this.clockFrom('main', mainSpec, scope) : undefined;
    if (!mainSpec) {
      this.problems.push(
        new HelenError('E_MISSING', 'missing required key "clock" (the main clock, e.g. "1GHz")', {
          file: this.spec.file,
          line: 1,
          column: 1,
          path: 'clock',
        }),
      );
    }
    main ??= Clock.fromPeriodPs('main', 1000);
    this.clocks.set('main', main);
    for (const [name, v] of this.spec.clocks) {
      const c = this.clockFrom(name, this.override(`clocks.${name}`) ?? v, scope);
      if (c) this.clocks.set(name, c);
    }
    return main;
  }

  private replicas(c: ComponentSpec, scope: Scope): number[] | undefined {
    if (!c.replication) return undefined;
    const range = replicaRange(c, scope);
    if (Array.isArray(range)) return (this.problems.push(...range), undefined);
    return Array.from({ length: range.count }, (_, i) => range.first + i);
  }

  /**
   * Counts the instances the architecture would build, without building any,
   * and refuses it at once when they are more than `MAX_INSTANCES`: counts
   * nested 1000 × 1000 would otherwise spend minutes and gigabytes building
   * components before the running count stopped them.
   */
  private refuseTooManyInstances(scope: Scope): void {
    const over = countInstances(this.spec.components, scope);
    this.instanceTotal = over.size;
    if (over.culprit === undefined) return;
    const c = over.culprit;
    const r = c.replication;
    const loc = r === undefined ? c.loc : r.kind === 'count' ? r.count.loc : r.low.loc;
    this.problems.push(
      new HelenError(
        'E_LIMIT',
        `with the replicas of "${c.name}" the architecture has more than ${MAX_INSTANCES} component instances, the limit`,
        loc,
      ),
    );
    throw new HelenErrors(uniqueProblems(this.problems));
  }

  private instantiate(
    c: ComponentSpec,
    parent: Component | Simulator,
    parentPath: string,
    parentBodyPath: string,
    scope: Scope,
    inherited: Clock,
  ): Component[] {
    const bodyPath = parentBodyPath ? `${parentBodyPath}.${c.name}` : c.name;
    const fail = (): Component[] => (this.failed.add(bodyPath), []);
    const typeName = c.type.raw;
    if (typeof typeName !== 'string') return fail();
    const type = this.attempt(c.type.loc, () => this.options.registry.require(typeName));
    if (!type) return fail();
    const indices = this.replicas(c, scope);
    if (c.replication && !indices) return fail();
    const out: Component[] = [];
    for (const index of indices ?? [undefined]) {
      if (++this.instanceCount > MAX_INSTANCES) {
        this.problems.push(new HelenError('E_LIMIT', `more than ${MAX_INSTANCES} component instances`, c.loc));
        return out;
      }
      this.options.onInstance?.(this.instanceCount, Math.max(this.instanceTotal, this.instanceCount));
      const name = index === undefined ? c.name : `${c.name}[${index}]`;
      const path = parentPath ? `${parentPath}.${name}` : name;
      const local =
        index === undefined ? scope : scope.with(new Map([['index', { value: index, dim: DIMENSIONLESS }]]));
      let clock: Clock | undefined;
      if (c.clock) {
        const clockName = String(c.clock.raw);
        clock = this.clocks.get(clockName);
        if (!clock) {
          const hint = didYouMean(clockName, [...this.clocks.keys()]);
          this.problems.push(
            new HelenError(
              'E_UNKNOWN_CLOCK',
              `unknown clock domain "${clockName}"${hint ? `; did you mean "${hint}"?` : `; defined: ${[...this.clocks.keys()].join(', ')}`}`,
              c.clock.loc,
            ),
          );
        }
      }
      const paramLocations = new Map<string, SourceLocation>();
      const fromSource = this.options.parameterSource?.forInstance({
        path,
        bodyPath,
        type,
        clockPeriodPs: (clock ?? (isComponent(parent) ? parent.clockOrUndefined : undefined) ?? inherited).periodPs,
      });
      const params = this.evaluateParams(type, c, path, bodyPath, local, paramLocations, fromSource);
      const component =
        params &&
        this.attempt(c.loc, () =>
          type.create({
            parent,
            name,
            params,
            clock: clock ?? (isComponent(parent) ? undefined : inherited),
            type: type.type,
            declaration: type,
            paramLocations,
          }),
        );
      if (!component) {
        fail();
        continue;
      }
      component.declaration ??= type;
      this.instances.set(path, component);
      this.specOf.set(component, c);
      out.push(component);
      for (const child of c.children) this.instantiate(child, component, path, bodyPath, local, inherited);
      for (const conn of c.connections) this.connections.connect(conn, path, local);
    }
    return out;
  }

  private evaluateParams(
    type: AnyComponentType,
    c: ComponentSpec,
    path: string,
    bodyPath: string,
    scope: Scope,
    locs = new Map<string, SourceLocation>(),
    fromSource?: (key: string) => ValueSpec | undefined,
  ): Record<string, unknown> | undefined {
    const shape = type.params.shape as Record<string, z.ZodType>;
    const values: Record<string, unknown> = {};
    let ok = true;
    for (const key of Object.keys(shape)) {
      const v =
        this.override(`${path}.${key}`) ??
        this.override(`${bodyPath}.${key}`) ??
        fromSource?.(key) ??
        c.params.get(key);
      if (!v) continue;
      locs.set(key, v.loc);
      const value = this.attempt(v.loc, () => this.evaluateParamOnce(v, shape[key]!, scope, key));
      if (value === undefined) ok = false;
      else values[key] = value;
    }
    // Validate the values that did evaluate even when others failed: every problem is reported in one pass.
    const parsed = type.params.safeParse(values);
    if (parsed.success) return ok ? (parsed.data as Record<string, unknown>) : undefined;
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (locs.has(key) && values[key] === undefined) continue;
      const meta = key ? paramMeta(shape[key]!) : undefined;
      const loc = locs.get(key) ?? { ...c.paramsLoc, path: `${c.paramsLoc.path ?? ''}` };
      const unit = meta?.unit ? ` (in ${meta.unit})` : '';
      const message =
        issue.code === 'invalid_type' && values[key] === undefined
          ? `${type.type} needs parameter "${key}": ${meta?.description ?? ''}${unit}`
          : `parameter "${key}" of ${type.type}: ${issue.message.replace(/^Invalid input: /, '')}${unit}`;
      this.problems.push(new HelenError(values[key] === undefined ? 'E_MISSING' : 'E_VALUE', message, loc));
    }
    return undefined;
  }

  /**
   * A parameter written in the file has one value in every replica of its body
   * unless it names `index` (the only variable a replica adds), so a body
   * replicated 2016 times evaluates each such expression once. Only plain values
   * are kept: a component may hold on to an object it was given.
   */
  evaluateParamOnce(v: ValueSpec, type: z.ZodType, scope: Scope, key: string): unknown {
    if (this.paramValues.has(v)) return this.paramValues.get(v);
    const meta = paramMeta(type);
    let value = evaluateParam(v, meta, scope, key);
    // A file a parameter names is read only from the architecture's folders: the component gets its confined real path.
    if (meta?.kind === 'file' && typeof value === 'string') value = resolveFileParam(value, v.loc, key, this.spec);
    const indexFree = typeof v.raw !== 'string' || !/\bindex\b/.test(v.raw);
    if (indexFree && (value === null || typeof value !== 'object')) this.paramValues.set(v, value);
    return value;
  }
}
