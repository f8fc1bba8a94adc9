// Connections: expands port ranges, resolves endpoints and links them with their wire options.
import type { z } from 'zod';
import { z as zod } from 'zod';
import { HelenError, type SourceLocation } from '../errors.js';
import type { Clock } from '../kernel/clock.js';
import type { Component } from '../model/component.js';
import { connect, MAX_BUFFER_DEPTH } from '../model/link.js';
import type { AnyInPort, AnyOutPort } from '../model/port.js';
import { didYouMean } from './expression.js';
import { evaluateQuantity, type Scope } from './evaluate.js';
import { MAX_INSTANCES } from './instance-count.js';
import { param } from './params.js';
import type { ConnectionSpec, ValueSpec } from './spec.js';
import { convertTo } from './units.js';

const connectionShape = {
  latency: param.time('wire latency'),
  latency_cycles: param.integer('wire latency in cycles', { min: 0 }),
  bytes_per_cycle: param.number('bandwidth in bytes per cycle'),
  depth: param.integer('receiver buffer depth in messages', { min: 1, max: MAX_BUFFER_DEPTH }),
  energy_per_byte: param.energy('energy per byte carried'),
  clock: param.string('clock domain'),
};
const connectionSchema = zod.object(connectionShape).partial().strict();

/** What connecting needs from the elaboration it is part of. */
export interface ConnectionHost {
  /** Problems found so far (connecting adds its own). */
  readonly problems: HelenError[];
  /** Instances built so far, by full path. */
  readonly instances: ReadonlyMap<string, Component>;
  /** Body paths (no indices) of components that failed to build, already reported. */
  readonly failed: ReadonlySet<string>;
  readonly clocks: ReadonlyMap<string, Clock>;
  /** Runs `fn`, reporting a Helen error it throws (at `loc` when it has no location) and returning undefined. */
  attempt<T>(loc: SourceLocation, fn: () => T): T | undefined;
  /** Evaluates a value written in the file, once for every replica when it does not name `index`. */
  evaluateParamOnce(v: ValueSpec, type: z.ZodType, scope: Scope, key: string): unknown;
}

/** Makes the links a connection spec names, reporting its problems to the host. */
export class Connections {
  constructor(private readonly host: ConnectionHost) {}

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
      this.host.problems.push(
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
    return this.host.attempt(loc, () => {
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
      this.host.problems.push(
        new HelenError('E_CONNECTION', `"${text}" is not a port: write component.port, e.g. tile[0].out`, v.loc),
      );
      return undefined;
    }
    const compPath = scopePath ? `${scopePath}.${text.slice(0, dot)}` : text.slice(0, dot);
    const portName = text.slice(dot + 1);
    const comp = this.host.instances.get(compPath);
    // A component that failed to build was reported already; "dangling" on top of it would be noise.
    const body = compPath.replace(/\[[^\]]*\]/g, '').split('.');
    if (!comp && body.some((_, i) => this.host.failed.has(body.slice(0, i + 1).join('.')))) return undefined;
    if (!comp) {
      const hint = didYouMean(compPath, [...this.host.instances.keys()]);
      this.host.problems.push(
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
      this.host.problems.push(
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

  connect(conn: ConnectionSpec, scopePath: string, scope: Scope): void {
    const froms = this.expand(conn.from, scope);
    const tos = this.expand(conn.to, scope);
    if (!froms || !tos) return;
    if (froms.length !== tos.length) {
      this.host.problems.push(
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
      const value = this.host.attempt(v.loc, () => this.host.evaluateParamOnce(v, shape[key]!, scope, key));
      if (value === undefined) return;
      opts[key] = value;
    }
    const o = connectionSchema.safeParse(opts);
    if (!o.success) {
      for (const issue of o.error.issues)
        this.host.problems.push(
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
      clock = this.host.clocks.get(o.data.clock);
      if (!clock) {
        this.host.problems.push(
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
      this.host.attempt(conn.loc, () =>
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
