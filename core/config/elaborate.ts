import type { z } from 'zod';
import { HelenError, HelenErrors, uniqueProblems, type SourceLocation } from '../errors.js';
import { Clock } from '../kernel/clock.js';
import { Simulator } from '../kernel/simulator.js';
import { isComponent, type Component } from '../model/component.js';
import { slotProblems } from '../model/declaration.js';
import { connect, MAX_BUFFER_DEPTH } from '../model/link.js';
import type { AnyInPort, AnyOutPort } from '../model/port.js';
import { didYouMean } from './expression.js';
import { evaluateParam, evaluateQuantity, Scope } from './evaluate.js';
import { resolveFileParam } from './file-param.js';
import { param, paramMeta } from './params.js';
import type { AnyComponentType, ComponentRegistry } from './registry.js';
import type { ArchitectureSpec, ComponentSpec, ConnectionSpec, ValueSpec } from './spec.js';
import { convertTo, DIMENSIONLESS, type Quantity } from './units.js';
import { z as zod } from 'zod';

/**
 * Keeps a mistyped `[0..1e9]` from eating the machine: at most this many
 * component instances. A component costs about 3 KB and 50 µs to build and
 * report, so this bound keeps the largest architecture within about a gigabyte
 * and seconds (the full ISAAC chip is 17 516 instances).
 */
export const MAX_INSTANCES = 200_000;

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
  /** Told as instances are built: how many so far, of how many the architecture has (for a progress bar). */
  onInstance?: (built: number, total: number) => void;
}

const connectionShape = {
  latency: param.time('wire latency'),
  latency_cycles: param.integer('wire latency in cycles', { min: 0 }),
  bytes_per_cycle: param.number('bandwidth in bytes per cycle'),
  depth: param.integer('receiver buffer depth in messages', { min: 1, max: MAX_BUFFER_DEPTH }),
  energy_per_byte: param.energy('energy per byte carried'),
  clock: param.string('clock domain'),
};
const connectionSchema = zod.object(connectionShape).partial().strict();

/** Builds components and links from a loaded architecture; reports every problem found, located. */
export function elaborate(spec: ArchitectureSpec, options: ElaborateOptions): Elaboration {
  return new Elaborator(spec, options).run();
}

class Elaborator {
  private readonly problems: HelenError[] = [];
  private readonly sim: Simulator;
  private readonly overrides: Map<string, { text: string; used: boolean }>;
  private readonly instances = new Map<string, Component>();
  private readonly clocks = new Map<string, Clock>();
  /** Every path an override could have named (for did-you-mean); kept only when there are overrides. */
  private readonly knownOverridePaths: string[] = [];
  /** Values of index-free parameters as written in the file (see `evaluateParamOnce`). */
  private readonly paramValues = new Map<ValueSpec, unknown>();
  /** Body paths (no indices) of components that failed to build, already reported. */
  private readonly failed = new Set<string>();
  private instanceCount = 0;
  /** The instances the architecture makes, counted before building (for `onInstance`). */
  private instanceTotal = 0;
  /** The spec each instance was built from (slot problems are reported at its location). */
  private readonly specOf = new Map<Component, ComponentSpec>();

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
    for (const conn of this.spec.connections) this.connect(conn, '', scope);
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

  private attempt<T>(loc: SourceLocation, fn: () => T): T | undefined {
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

  /**
   * The indices a replicated body takes (`count: n` is 0..n-1), or the problems
   * that keep it from having any. Reports nothing itself: the instance count
   * runs it before building, and `replicas` again while building.
   */
  private replicaRange(c: ComponentSpec, scope: Scope): { first: number; count: number } | HelenError[] {
    const r = c.replication!;
    const problems: HelenError[] = [];
    const whole = (v: ValueSpec, what: string): number | undefined => {
      try {
        const n = convertTo(evaluateQuantity(v, scope, `${what} of "${c.name}"`), 'none');
        if (!Number.isInteger(n) || n < 0)
          throw new HelenError('E_TYPE', `${what} of "${c.name}" must be a whole number ≥ 0, got ${n}`, v.loc);
        if (n > MAX_INSTANCES)
          throw new HelenError(
            'E_LIMIT',
            `${what} of "${c.name}" is ${n}; at most ${MAX_INSTANCES} instances are allowed`,
            v.loc,
          );
        return n;
      } catch (e) {
        if (e instanceof HelenErrors) problems.push(...e.problems);
        else if (e instanceof HelenError) problems.push(e.location ? e : new HelenError(e.code, e.message, v.loc));
        else throw e;
        return undefined;
      }
    };
    if (r.kind === 'count') {
      const n = whole(r.count, 'count');
      return n === undefined ? problems : { first: 0, count: n };
    }
    const lo = whole(r.low, 'range start');
    const hi = whole(r.high, 'range end');
    if (lo === undefined || hi === undefined) return problems;
    if (hi < lo)
      return [new HelenError('E_TYPE', `range of "${c.name}" ends (${hi}) before it starts (${lo})`, r.low.loc)];
    if (hi - lo + 1 > MAX_INSTANCES) {
      return [
        new HelenError(
          'E_LIMIT',
          `range of "${c.name}" has ${hi - lo + 1} instances; at most ${MAX_INSTANCES} are allowed`,
          r.low.loc,
        ),
      ];
    }
    return { first: lo, count: hi - lo + 1 };
  }

  private replicas(c: ComponentSpec, scope: Scope): number[] | undefined {
    if (!c.replication) return undefined;
    const range = this.replicaRange(c, scope);
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
    const over = this.instancesIn(this.spec.components, scope);
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

  /**
   * How many instances `specs` make in `scope`, stopping as soon as there are
   * more than `MAX_INSTANCES` (then `culprit` is the replicated body blamed:
   * the one crossing the bound, else the one adding the most instances below
   * the body that did). A body whose problems keep it from replicating counts
   * nothing: building reports those problems.
   */
  private instancesIn(
    specs: readonly ComponentSpec[],
    scope: Scope,
  ): { size: number; culprit?: ComponentSpec; biggest?: { spec: ComponentSpec; instances: number } } {
    let size = 0;
    let biggest: { spec: ComponentSpec; instances: number } | undefined;
    const note = (candidate: { spec: ComponentSpec; instances: number } | undefined): void => {
      if (candidate && (!biggest || candidate.instances > biggest.instances)) biggest = candidate;
    };
    for (const c of specs) {
      const before = size;
      const range = c.replication ? this.replicaRange(c, scope) : { first: 0, count: 1 };
      if (Array.isArray(range) || range.count === 0) continue;
      const at = (index: number): Scope =>
        c.replication ? scope.with(new Map([['index', { value: index, dim: DIMENSIONLESS }]])) : scope;
      if (!mentionsIndex(c.children)) {
        // Every replica has the same body and no count below reads `index`: count one, multiply.
        const one = this.instancesIn(c.children, at(range.first));
        if (one.culprit) return one;
        note(one.biggest);
        size += range.count * (1 + one.size);
      } else {
        for (let i = 0; i < range.count && size <= MAX_INSTANCES; i++) {
          const one = this.instancesIn(c.children, at(range.first + i));
          if (one.culprit) return one;
          note(one.biggest);
          size += 1 + one.size;
        }
      }
      if (c.replication) note({ spec: c, instances: size - before });
      if (size > MAX_INSTANCES) return { size, culprit: c.replication ? c : (biggest?.spec ?? c) };
    }
    return { size, ...(biggest ? { biggest } : {}) };
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
      const params = this.evaluateParams(type, c, path, bodyPath, local, paramLocations);
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
      for (const conn of c.connections) this.connect(conn, path, local);
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
  ): Record<string, unknown> | undefined {
    const shape = type.params.shape as Record<string, z.ZodType>;
    const values: Record<string, unknown> = {};
    let ok = true;
    for (const key of Object.keys(shape)) {
      const v = this.override(`${path}.${key}`) ?? this.override(`${bodyPath}.${key}`) ?? c.params.get(key);
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
  private evaluateParamOnce(v: ValueSpec, type: z.ZodType, scope: Scope, key: string): unknown {
    if (this.paramValues.has(v)) return this.paramValues.get(v);
    const meta = paramMeta(type);
    let value = evaluateParam(v, meta, scope, key);
    // A file a parameter names is read only from the architecture's folders: the component gets its confined real path.
    if (meta?.kind === 'file' && typeof value === 'string') value = resolveFileParam(value, v.loc, key, this.spec);
    const indexFree = typeof v.raw !== 'string' || !/\bindex\b/.test(v.raw);
    if (indexFree && (value === null || typeof value !== 'object')) this.paramValues.set(v, value);
    return value;
  }

  /** Expands `pe[0..3].out` into concrete endpoints. */
  private expand(v: ValueSpec, scope: Scope, source: ValueSpec = v): string[] | undefined {
    const text = String(v.raw).trim();
    const m = /\[([^[\]]+?)\.\.([^[\]]+?)\]/.exec(text);
    if (!m) {
      // Plain indices may themselves be expressions: pe[index+1].
      return [
        text.replace(/\[([^[\]]+)\]/g, (_, e: string) =>
          /^\d+$/.test(e) ? `[${e}]` : `[${this.index(e, source, scope)}]`,
        ),
      ];
    }
    const lo = this.index(m[1]!, source, scope);
    const hi = this.index(m[2]!, source, scope);
    if (lo === undefined || hi === undefined) return undefined;
    // A mistyped range (pe[0..99999999].out) must be an error, not an out-of-memory crash.
    const tooMany = (): undefined => {
      this.problems.push(
        new HelenError('E_LIMIT', `"${String(source.raw)}" names more than ${MAX_INSTANCES} ports`, source.loc),
      );
      return undefined;
    };
    if (hi - lo + 1 > MAX_INSTANCES) return tooMany();
    const out: string[] = [];
    for (let i = lo; i <= hi; i++) {
      const rest = this.expand(
        { raw: text.slice(0, m.index) + `[${i}]` + text.slice(m.index + m[0].length), loc: v.loc },
        scope,
        source,
      );
      if (!rest) return undefined;
      for (const r of rest) out.push(r);
      if (out.length > MAX_INSTANCES) return tooMany();
    }
    return out;
  }

  private index(expr: string, v: ValueSpec, scope: Scope): number | undefined {
    // Locate the index inside the endpoint as written so errors point at it, not at the endpoint's start.
    const raw = String(v.raw);
    const at = [`[${expr}..`, `[${expr}]`, `..${expr}]`]
      .map((s, i) => (raw.includes(s) ? raw.indexOf(s) + (i === 2 ? 2 : 1) : -1))
      .find((k) => k >= 0);
    const loc = at === undefined || v.loc.column === undefined ? v.loc : { ...v.loc, column: v.loc.column + at };
    return this.attempt(loc, () => {
      const n = convertTo(evaluateQuantity({ raw: expr, loc }, scope, `index "${expr}"`), 'none');
      if (!Number.isInteger(n) || n < 0)
        throw new HelenError('E_TYPE', `index "${expr}" must be a whole number ≥ 0, got ${n}`, loc);
      return n;
    });
  }

  private endpoint(text: string, scopePath: string, v: ValueSpec, direction: 'out'): AnyOutPort | undefined;
  private endpoint(text: string, scopePath: string, v: ValueSpec, direction: 'in'): AnyInPort | undefined;
  private endpoint(
    text: string,
    scopePath: string,
    v: ValueSpec,
    direction: 'out' | 'in',
  ): AnyOutPort | AnyInPort | undefined {
    const dot = text.lastIndexOf('.');
    if (dot <= 0) {
      this.problems.push(
        new HelenError('E_CONNECTION', `"${text}" is not a port: write component.port, e.g. tile[0].out`, v.loc),
      );
      return undefined;
    }
    const compPath = scopePath ? `${scopePath}.${text.slice(0, dot)}` : text.slice(0, dot);
    const portName = text.slice(dot + 1);
    const comp = this.instances.get(compPath);
    // A component that failed to build was reported already; "dangling" on top of it would be noise.
    const body = compPath.replace(/\[[^\]]*\]/g, '').split('.');
    if (!comp && body.some((_, i) => this.failed.has(body.slice(0, i + 1).join('.')))) return undefined;
    if (!comp) {
      const hint = didYouMean(compPath, [...this.instances.keys()]);
      this.problems.push(
        new HelenError(
          'E_DANGLING',
          `dangling connection: no component "${compPath}"${hint ? `; did you mean "${hint}"?` : ''}`,
          v.loc,
        ),
      );
      return undefined;
    }
    const ports: Map<string, AnyOutPort | AnyInPort> = direction === 'out' ? comp.outPorts : comp.inPorts;
    const port = ports.get(portName);
    if (!port) {
      const names = [...ports.keys()];
      const hint = didYouMean(portName, names);
      this.problems.push(
        new HelenError(
          'E_DANGLING',
          `${comp.path} (${comp.type}) has no ${direction === 'out' ? 'output' : 'input'} port "${portName}"${hint ? `; did you mean "${hint}"?` : names.length ? `; it has: ${names.join(', ')}` : '; it has none'}`,
          v.loc,
        ),
      );
      return undefined;
    }
    return port;
  }

  private connect(conn: ConnectionSpec, scopePath: string, scope: Scope): void {
    const froms = this.expand(conn.from, scope);
    const tos = this.expand(conn.to, scope);
    if (!froms || !tos) return;
    if (froms.length !== tos.length) {
      this.problems.push(
        new HelenError(
          'E_CONNECTION',
          `"from" names ${froms.length} ports but "to" names ${tos.length}; ranges pair up one to one`,
          conn.loc,
        ),
      );
      return;
    }
    const opts: Record<string, unknown> = {};
    const shape = connectionShape as Record<string, z.ZodType>;
    for (const [key, v] of conn.options) {
      const value = this.attempt(v.loc, () => this.evaluateParamOnce(v, shape[key]!, scope, key));
      if (value === undefined) return;
      opts[key] = value;
    }
    const o = connectionSchema.safeParse(opts);
    if (!o.success) {
      for (const issue of o.error.issues)
        this.problems.push(
          new HelenError(
            'E_VALUE',
            `connection ${String(issue.path[0])}: ${issue.message}`,
            conn.options.get(String(issue.path[0]))?.loc ?? conn.loc,
          ),
        );
      return;
    }
    let clock: Clock | undefined;
    if (o.data.clock !== undefined) {
      clock = this.clocks.get(o.data.clock);
      if (!clock) {
        this.problems.push(
          new HelenError(
            'E_UNKNOWN_CLOCK',
            `unknown clock domain "${String(o.data.clock)}"`,
            conn.options.get('clock')!.loc,
          ),
        );
        return;
      }
    }
    for (let i = 0; i < froms.length; i++) {
      const from = this.endpoint(froms[i]!, scopePath, conn.from, 'out');
      const to = this.endpoint(tos[i]!, scopePath, conn.to, 'in');
      // One report per connection, not one per expanded pair (a bad range would repeat it thousands of times).
      if (!from || !to) break;
      this.attempt(conn.loc, () =>
        connect(from, to, {
          latencyPs: o.data.latency,
          latencyCycles: o.data.latency_cycles,
          bytesPerCycle: o.data.bytes_per_cycle,
          depth: o.data.depth,
          energyPerBytePj: o.data.energy_per_byte,
          clock,
        }),
      );
    }
  }
}

/** Whether each body's replication counts, its own or below it, name `index` (asked once per replica otherwise). */
const indexedBodies = new WeakMap<ComponentSpec, boolean>();

/** Whether a replication count anywhere in these bodies (or below them) is an expression naming `index`. */
function mentionsIndex(specs: readonly ComponentSpec[]): boolean {
  const names = (v: ValueSpec): boolean => typeof v.raw === 'string' && /\bindex\b/.test(v.raw);
  return specs.some((c) => {
    let known = indexedBodies.get(c);
    if (known === undefined) {
      const r = c.replication;
      const here = r !== undefined && (r.kind === 'count' ? names(r.count) : names(r.low) || names(r.high));
      known = here || mentionsIndex(c.children);
      indexedBodies.set(c, known);
    }
    return known;
  });
}
