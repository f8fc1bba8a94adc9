import { extname, resolve } from '../io/path.js';
import { HelenError, HelenErrors, uniqueProblems, type SourceLocation } from '../errors.js';
import { confinementFor, realOrSelf, shownPath } from '../io/confined-path.js';
import { excerpt } from '../io/excerpt.js';
import { didYouMean } from './expression.js';
import { isValue, readValueMap, scalarString, toValue, unknownKey } from './value-nodes.js';
import { countNodes, expandFile, includeList, resolveInclude, type IncludeState } from './includes.js';
import type { ArchitectureReader } from './architecture-reader.js';
import type { ComponentRegistry } from './registry.js';
import type { ArchitectureSpec, ComponentSpec, ConnectionSpec, Replication, ValueSpec } from './spec.js';
import { describeNode, type YMap, type YNode } from './yaml-source.js';

/** Top-level keys of an architecture file. */
export const ARCHITECTURE_KEYS: Readonly<Record<string, string>> = {
  name: 'name of the architecture (required)',
  description: 'one line about the design',
  clock: 'main clock: a frequency ("1.2GHz") or a period ("1ns")',
  clocks: 'further clock domains: name → frequency or period',
  params: 'variables with defaults, usable in expressions and overridable with --set NAME=VALUE',
  include: 'file or list of files whose params, clocks, components and connections are merged in first',
  components: 'the component tree: name (optionally name[lo..hi]) → component',
  connections: 'links between ports: list of {from, to, latency, …}',
};

/** Keys of a component body. */
export const COMPONENT_KEYS: Readonly<Record<string, string>> = {
  type: 'registered component type, e.g. reram.crossbar (see `helen list`)',
  description: 'one line about this component',
  count: 'number of copies, named name[0]..name[count-1]',
  clock: "clock domain name from `clocks` (default: the parent's clock)",
  params: 'parameters of the type (see `helen list TYPE`)',
  children: 'sub-components: name → component',
  connections: "links between this component's descendants, paths relative to it",
  include: 'file holding a component body to reuse; keys given here override it',
};

/** Keys of a connection. */
export const CONNECTION_KEYS: Readonly<Record<string, string>> = {
  from: 'output port: component path then port, e.g. tile[0].out (ranges like pe[0..2].out expand pairwise)',
  to: 'input port, e.g. tile[1].in',
  latency: 'wire latency as a time, e.g. "10ns"',
  latency_cycles: 'wire latency in cycles of the link clock',
  bytes_per_cycle: 'bandwidth in bytes per cycle of the link clock (default unlimited)',
  depth: "receiver buffer in messages; a full buffer back-pressures the sender (default: the port's own)",
  energy_per_byte: 'energy per byte carried, charged to the sender',
  clock: "clock domain for cycle latencies and bandwidth (default: the sender's)",
};

const NAME_RE = /^([A-Za-z_][\w-]*)(?:\[(.+)\.\.(.+)\])?$/;

interface LoadContext extends IncludeState {
  registry: ComponentRegistry | undefined;
  /** Where each parameter's key was written: an unknown key is reported at the key, not at its value. */
  paramKeyLocs: WeakMap<ValueSpec, SourceLocation>;
}

/** Options for loading an architecture. */
export interface LoadOptions {
  /** Checks component types and parameter keys against it when given. */
  registry?: ComponentRegistry;
  /** Folders besides the architecture's own from which its includes and the files its parameters name may be read (`--allow-dir`). */
  allowDirs?: readonly string[];
  /** Readers of other formats: a root file with one of their endings is translated by it instead of read as YAML. */
  readers?: readonly ArchitectureReader[];
}

/**
 * Loads an architecture file and its includes into an ArchitectureSpec.
 * All problems found are reported together (HelenErrors), each located.
 */
export function loadArchitecture(file: string, options: LoadOptions = {}): ArchitectureSpec {
  // The root's real path: its includes resolve, and are confined, where the file really is.
  const abs = realOrSelf(resolve(file));
  const confinement = confinementFor(abs, options.allowDirs);
  const ctx: LoadContext = {
    problems: [],
    confinement,
    registry: options.registry,
    stack: [],
    files: [],
    resolved: new Map(),
    refused: new Set(),
    parsed: new Map(),
    expandedNodes: 0,
    exhausted: false,
    paramKeyLocs: new WeakMap(),
  };
  const spec: ArchitectureSpec = {
    name: '',
    description: '',
    file,
    clocks: new Map(),
    params: new Map(),
    components: [],
    connections: [],
    files: ctx.files,
    confinement,
  };
  const reader = options.readers?.find((r) => r.extensions.includes(extname(file).toLowerCase()));
  if (reader) {
    // The translated tree stands in for the file's parse: the rest of loading is the same as for YAML.
    const document = reader.read(abs, file);
    ctx.parsed.set(abs, { root: document.root, nodes: countNodes(document.root) });
    spec.notes = document.notes;
  }
  const nameLoc = readArchitectureFile(abs, file, spec, ctx, true);
  if (!spec.name && nameLoc && !ctx.problems.some((p) => p.location?.path === 'name')) {
    ctx.problems.push(new HelenError('E_MISSING', 'missing required key "name" (the architecture\'s name)', nameLoc));
  }
  // A part included many times repeats its problems at the same places: each is told once.
  if (ctx.problems.length) throw new HelenErrors(uniqueProblems(ctx.problems));
  return spec;
}

const displayName = shownPath;

/** Reads one file into `spec`; returns the file's location for "missing key" messages (undefined when it is not a mapping). */
function readArchitectureFile(
  abs: string,
  shown: string,
  spec: ArchitectureSpec,
  ctx: LoadContext,
  isRoot: boolean,
  includedAt?: SourceLocation,
): SourceLocation | undefined {
  const fileLoc: SourceLocation = { file: shown, line: 1, column: 1 };
  return expandFile(abs, shown, ctx, includedAt, (root) => {
    if (root.kind !== 'map') {
      ctx.problems.push(
        new HelenError(
          'E_TYPE',
          `an architecture file must be a mapping of keys (name, clock, components, …), got ${describeNode(root)}`,
          root.loc,
        ),
      );
      return undefined;
    }
    const includes = root.entries.find((e) => e.key === 'include');
    if (includes) {
      for (const inc of includeList(includes.value, ctx)) {
        const target = resolveInclude(inc, abs, ctx);
        if (target) readArchitectureFile(target, displayName(target), spec, ctx, false, inc.loc);
      }
    }
    for (const { key, keyLoc, value } of root.entries) {
      switch (key) {
        case 'include':
          break;
        case 'name':
        case 'description': {
          const s = scalarString(value, ctx, key === 'name' ? "the architecture's name" : 'a one-line description');
          if (s !== undefined) {
            if (key === 'name' && (isRoot || !spec.name)) spec.name = s;
            if (key === 'description' && (isRoot || !spec.description)) spec.description = s;
          }
          break;
        }
        case 'clock':
          if (isValue(value, ctx, 'a clock frequency or period, e.g. "1GHz" or "1ns"')) spec.clock = toValue(value);
          break;
        case 'clocks':
          readValueMap(value, spec.clocks, ctx, 'clock domains: name → frequency or period');
          break;
        case 'params':
          readValueMap(value, spec.params, ctx, 'variables: name → value');
          break;
        case 'components':
          spec.components.push(...readComponentMap(value, abs, ctx));
          break;
        case 'connections':
          spec.connections.push(...readConnections(value, ctx));
          break;
        default:
          unknownKey(key, keyLoc, ARCHITECTURE_KEYS, 'architecture', ctx);
      }
    }
    return fileLoc;
  });
}

function readComponentMap(node: YNode, fileAbs: string, ctx: LoadContext): ComponentSpec[] {
  if (node.kind !== 'map') {
    ctx.problems.push(
      new HelenError(
        'E_TYPE',
        `expected a mapping of components (name → component), got ${describeNode(node)}`,
        node.loc,
      ),
    );
    return [];
  }
  const out: ComponentSpec[] = [];
  for (const e of node.entries) {
    const c = readComponent(e.key, e.keyLoc, e.value, fileAbs, ctx);
    if (c) out.push(c);
  }
  return out;
}

function readComponent(
  rawName: string,
  keyLoc: SourceLocation,
  node: YNode,
  fileAbs: string,
  ctx: LoadContext,
): ComponentSpec | undefined {
  const m = NAME_RE.exec(rawName);
  if (!m) {
    ctx.problems.push(
      new HelenError(
        'E_NAME',
        `"${excerpt(rawName)}" is not a valid component name: use an identifier, optionally with a range like tile[0..167]`,
        keyLoc,
      ),
    );
    return undefined;
  }
  if (node.kind !== 'map') {
    ctx.problems.push(
      new HelenError(
        'E_TYPE',
        `component "${rawName}" must be a mapping with at least a "type", got ${describeNode(node)}`,
        node.loc,
      ),
    );
    return undefined;
  }
  const body: YMap = node;
  const inc = node.entries.find((e) => e.key === 'include');
  let base: ComponentSpec | undefined;
  if (inc) {
    if (inc.value.kind === 'scalar' && typeof inc.value.value === 'string') {
      const target = resolveInclude({ path: inc.value.value, loc: inc.value.loc }, fileAbs, ctx);
      if (target) base = readIncludedComponent(m[1]!, keyLoc, inc.value.loc, target, ctx);
    } else {
      ctx.problems.push(
        new HelenError('E_TYPE', `include expects a file path, got ${describeNode(inc.value)}`, inc.value.loc),
      );
    }
  }
  const spec: ComponentSpec = base ?? {
    name: m[1]!,
    type: { raw: null, loc: keyLoc },
    params: new Map(),
    paramsLoc: keyLoc,
    children: [],
    connections: [],
    loc: keyLoc,
  };
  spec.name = m[1]!;
  spec.loc = keyLoc;
  if (m[2] !== undefined) {
    const at = (offset: number): SourceLocation =>
      keyLoc.column === undefined ? keyLoc : { ...keyLoc, column: keyLoc.column + offset };
    spec.replication = {
      kind: 'range',
      low: { raw: m[2], loc: at(m[1]!.length + 1) },
      high: { raw: m[3]!, loc: at(m[1]!.length + m[2].length + 3) },
    };
  }
  let sawType = base !== undefined && spec.type.raw !== null;
  const inheritedType = base?.type;
  const inheritedParams = new Map(base?.params ?? []);
  for (const { key, keyLoc: kLoc, value } of body.entries) {
    switch (key) {
      case 'include':
      case 'description':
        break;
      case 'type':
        if (value.kind === 'scalar' && typeof value.value === 'string') {
          spec.type = toValue(value);
          sawType = true;
          if (ctx.registry && !ctx.registry.get(value.value)) {
            const hint = didYouMean(
              value.value,
              ctx.registry.types().map((t) => t.type),
            );
            ctx.problems.push(
              new HelenError(
                'E_UNKNOWN_TYPE',
                `unknown component type "${excerpt(value.value)}"${hint ? `; did you mean "${hint}"?` : '; see `helen list`'}`,
                value.loc,
              ),
            );
          }
        } else {
          ctx.problems.push(
            new HelenError(
              'E_TYPE',
              `type expects a component type name such as "generic.unit", got ${describeNode(value)}`,
              value.loc,
            ),
          );
        }
        break;
      case 'count':
        if (spec.replication?.kind === 'range') {
          ctx.problems.push(
            new HelenError('E_CONFLICT', `component "${rawName}" has both a [lo..hi] range and count; give one`, kLoc),
          );
        } else if (isValue(value, ctx, 'a number of copies')) {
          spec.replication = { kind: 'count', count: toValue(value) };
        }
        break;
      case 'clock':
        if (isValue(value, ctx, 'a clock domain name')) spec.clock = toValue(value);
        break;
      case 'params':
        if (value.kind === 'map') {
          spec.paramsLoc = value.loc;
          for (const p of value.entries) {
            if (isValue(p.value, ctx, `a value for parameter "${p.key}"`)) {
              const v: ValueSpec = { raw: (p.value as { value: ValueSpec['raw'] }).value, loc: p.value.loc };
              ctx.paramKeyLocs.set(v, p.keyLoc);
              spec.params.set(p.key, v);
            }
          }
        } else if (!(value.kind === 'scalar' && value.value === null)) {
          ctx.problems.push(
            new HelenError(
              'E_TYPE',
              `params expects a mapping of parameter → value, got ${describeNode(value)}`,
              value.loc,
            ),
          );
        }
        break;
      case 'children':
        spec.children.push(...readComponentMap(value, fileAbs, ctx));
        break;
      case 'connections':
        spec.connections.push(...readConnections(value, ctx));
        break;
      default:
        unknownKey(key, kLoc, COMPONENT_KEYS, `component "${rawName}"`, ctx);
    }
  }
  if (!sawType && !(inc && !base)) {
    ctx.problems.push(
      new HelenError(
        'E_MISSING',
        `component "${rawName}" is missing required key "type" (see \`helen list\` for the types)`,
        keyLoc,
      ),
    );
  }
  checkParamKeys(spec, ctx, spec.type === inheritedType ? inheritedParams : undefined);
  return spec;
}

/** A component-level include: the file holds one component body (type, params, children, …). */
function readIncludedComponent(
  name: string,
  keyLoc: SourceLocation,
  includeLoc: SourceLocation,
  abs: string,
  ctx: LoadContext,
): ComponentSpec | undefined {
  // A cycle is blamed on the component that closes it; the budget on the include that overspends it.
  return expandFile(
    abs,
    displayName(abs),
    ctx,
    includeLoc,
    (root) => readComponent(name, keyLoc, root, abs, ctx),
    keyLoc,
  );
}

function checkParamKeys(spec: ComponentSpec, ctx: LoadContext, alreadyChecked?: ReadonlyMap<string, ValueSpec>): void {
  const typeName = spec.type.raw;
  if (!ctx.registry || typeof typeName !== 'string') return;
  const type = ctx.registry.get(typeName);
  if (!type) return;
  const keys = Object.keys(type.params.shape);
  for (const [key, v] of spec.params) {
    if (alreadyChecked?.get(key) === v) continue;
    if (!keys.includes(key)) {
      const hint = didYouMean(key, keys);
      ctx.problems.push(
        new HelenError(
          'E_UNKNOWN_KEY',
          `unknown parameter "${key}" for ${typeName}${hint ? `; did you mean "${hint}"?` : keys.length ? `; it takes: ${keys.join(', ')}` : '; it takes no parameters'}`,
          ctx.paramKeyLocs.get(v) ?? v.loc,
        ),
      );
    }
  }
}

function readConnections(node: YNode, ctx: LoadContext): ConnectionSpec[] {
  if (node.kind !== 'seq') {
    ctx.problems.push(
      new HelenError('E_TYPE', `connections expects a list of {from, to, …}, got ${describeNode(node)}`, node.loc),
    );
    return [];
  }
  const out: ConnectionSpec[] = [];
  for (const item of node.items) {
    if (item.kind !== 'map') {
      ctx.problems.push(
        new HelenError(
          'E_TYPE',
          `a connection must be a mapping with "from" and "to", got ${describeNode(item)}`,
          item.loc,
        ),
      );
      continue;
    }
    let from: ValueSpec | undefined;
    let to: ValueSpec | undefined;
    const options = new Map<string, ValueSpec>();
    for (const e of item.entries) {
      if (!Object.hasOwn(CONNECTION_KEYS, e.key)) {
        unknownKey(e.key, e.keyLoc, CONNECTION_KEYS, 'connection', ctx);
        continue;
      }
      if (!isValue(e.value, ctx, `a value for "${e.key}"`)) continue;
      if (e.key === 'from') from = toValue(e.value);
      else if (e.key === 'to') to = toValue(e.value);
      else options.set(e.key, toValue(e.value));
    }
    if (!from || !to) {
      ctx.problems.push(
        new HelenError(
          'E_MISSING',
          `connection is missing "${!from ? 'from' : 'to'}" (a port such as tile[0].out)`,
          item.loc,
        ),
      );
      continue;
    }
    out.push({ from, to, options, loc: item.loc });
  }
  return out;
}

export type { Replication };
