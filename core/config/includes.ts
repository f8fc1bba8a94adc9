// Include expansion: resolving and confining includes, reading each file once, refusing cycles and bounding the expanded size.
import { dirname } from '../io/path.js';
import { HelenError, type SourceLocation } from '../errors.js';
import { resolveConfinedPath, shownPath, type Confinement } from '../io/confined-path.js';
import { describeNode, MAX_NODES, readYamlFile, type YNode } from './yaml-source.js';

/**
 * YAML nodes an architecture may hold with every include expanded as often as
 * it is included (a file included twice counts twice): as many as one file may
 * hold. Files that include the next one twice double at each level; counting
 * while expanding stops thirty such files at once instead of after 2^30 reads.
 */
export const MAX_EXPANDED_NODES = MAX_NODES;

/** What expanding includes keeps while one architecture loads. */
export interface IncludeState {
  problems: HelenError[];
  /** The folders included files may come from. */
  confinement: Confinement;
  /** Files on the include stack (real paths), for cycle detection. */
  stack: string[];
  files: string[];
  /** Includes already resolved: including folder and name → real path. */
  resolved: Map<string, string>;
  /** Includes already refused (and reported), by where they are written. */
  refused: Set<string>;
  /** Each file read once (by real path), however often it is included. */
  parsed: Map<string, { root: YNode | undefined; nodes: number }>;
  /** YAML nodes expanded so far, counted per inclusion (see MAX_EXPANDED_NODES). */
  expandedNodes: number;
  /** Set once the expansion budget is spent: no further file is expanded. */
  exhausted: boolean;
}

const displayName = shownPath;

/**
 * Expands one file: refuses an include cycle, reads the file once however often
 * it is included, charges its nodes to the expansion budget and runs `body` on
 * its root with the file on the include stack. Undefined when it is not expanded.
 */
export function expandFile<T>(
  abs: string,
  shown: string,
  ctx: IncludeState,
  includedAt: SourceLocation | undefined,
  body: (root: YNode) => T,
  cycleAt?: SourceLocation,
): T | undefined {
  const at = includedAt ?? { file: shown, line: 1, column: 1 };
  if (ctx.stack.includes(abs)) {
    const chain = [...ctx.stack.slice(ctx.stack.indexOf(abs)), abs].map(displayName).join(' → ');
    ctx.problems.push(new HelenError('E_INCLUDE_CYCLE', `include cycle: ${chain}`, cycleAt ?? at));
    return undefined;
  }
  if (ctx.exhausted) return undefined;
  ctx.files.push(abs);
  let parsed = ctx.parsed.get(abs);
  if (!parsed) {
    const root = readYamlFile(abs, shown, ctx.problems);
    parsed = { root, nodes: root ? countNodes(root) : 0 };
    ctx.parsed.set(abs, parsed);
  }
  if (!parsed.root) return undefined;
  ctx.expandedNodes += parsed.nodes;
  if (ctx.expandedNodes > MAX_EXPANDED_NODES) {
    ctx.exhausted = true;
    ctx.problems.push(
      new HelenError(
        'E_LIMIT',
        `with its includes expanded (each as often as it is included) the architecture holds more than ${MAX_EXPANDED_NODES} YAML nodes; include a part once and replicate it with count or a [lo..hi] range`,
        at,
      ),
    );
    return undefined;
  }
  ctx.stack.push(abs);
  try {
    return body(parsed.root);
  } finally {
    ctx.stack.pop();
  }
}

/** YAML nodes in a tree, counted against the expansion budget. */
export function countNodes(n: YNode): number {
  if (n.kind === 'map') return n.entries.reduce((sum, e) => sum + 1 + countNodes(e.value), 1);
  if (n.kind === 'seq') return n.items.reduce((sum, item) => sum + countNodes(item), 1);
  return 1;
}

export function includeList(node: YNode, ctx: IncludeState): { path: string; loc: SourceLocation }[] {
  const items = node.kind === 'seq' ? node.items : [node];
  const out: { path: string; loc: SourceLocation }[] = [];
  for (const item of items) {
    if (item.kind === 'scalar' && typeof item.value === 'string' && item.value.trim())
      out.push({ path: item.value, loc: item.loc });
    else
      ctx.problems.push(
        new HelenError(
          'E_TYPE',
          `include expects a file path or a list of file paths, got ${describeNode(item)}`,
          item.loc,
        ),
      );
  }
  return out;
}

/**
 * Resolves an include relative to the including file to the real path of a file
 * inside the allowed folders (symbolic links followed), or reports why not at the include.
 */
export function resolveInclude(
  inc: { path: string; loc: SourceLocation },
  fromAbs: string,
  ctx: IncludeState,
): string | undefined {
  // Following links costs a system call per path component; a part included many times is resolved once,
  // and a refused include, met again each time its file is expanded, is reported once.
  const key = `${dirname(fromAbs)}\0${inc.path}`;
  const known = ctx.resolved.get(key);
  if (known) return known;
  const site = `${inc.loc.file}:${inc.loc.line}:${inc.loc.column}\0${key}`;
  if (ctx.refused.has(site)) return undefined;
  try {
    const real = resolveConfinedPath(inc.path, dirname(fromAbs), ctx.confinement, {
      what: 'include',
      outsideCode: 'E_INCLUDE_OUTSIDE',
      at: inc.loc,
    });
    ctx.resolved.set(key, real);
    return real;
  } catch (e) {
    if (!(e instanceof HelenError)) throw e;
    ctx.refused.add(site);
    ctx.problems.push(e);
    return undefined;
  }
}
