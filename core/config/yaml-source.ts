import { readUserTextFile } from '../io/text-file.js';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { HelenError, type SourceLocation } from '../errors.js';
import { excerpt } from '../io/excerpt.js';

/** A YAML node with where it came from: every value the loader reads can be blamed on a line and column. */
export type YNode = YMap | YSeq | YScalar;

interface YBase {
  loc: SourceLocation;
}

/** A mapping, keys in document order. */
export interface YMap extends YBase {
  kind: 'map';
  entries: { key: string; keyLoc: SourceLocation; value: YNode }[];
}

/** A sequence. */
export interface YSeq extends YBase {
  kind: 'seq';
  items: YNode[];
}

/** A scalar: string, number, boolean or null. */
export interface YScalar extends YBase {
  kind: 'scalar';
  value: string | number | boolean | null;
}

/** Limits that keep hostile or broken files from exhausting the loader. */
const MAX_DEPTH = 64;
/** Nodes one document may hold (aliases count once per use). */
export const MAX_NODES = 200_000;
const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** A badly broken file can yield tens of thousands of syntax errors; the first few are the useful ones. */
const MAX_SYNTAX_ERRORS = 20;

/**
 * Reads a YAML file into located nodes. Syntax errors are appended to
 * `problems` (all of them, each with its position); the result is undefined
 * when the file could not be read or parsed at all.
 */
export function readYamlFile(file: string, displayName: string, problems: HelenError[]): YNode | undefined {
  let text: string;
  try {
    text = readUserTextFile(file, displayName, MAX_FILE_BYTES, 'a YAML file');
  } catch (e) {
    if (!(e instanceof HelenError)) throw e;
    problems.push(e);
    return undefined;
  }
  return parseYamlText(text, displayName, problems);
}

/** Parses YAML text (see readYamlFile). */
export function parseYamlText(text: string, displayName: string, problems: HelenError[]): YNode | undefined {
  const deep = flowTooDeep(text);
  if (deep >= 0) {
    problems.push(
      new HelenError('E_YAML', `nesting deeper than ${MAX_DEPTH} levels`, {
        file: displayName,
        ...lineColumnOf(text, deep),
      }),
    );
    return undefined;
  }
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    problems.push(
      new HelenError('E_YAML', `cannot parse YAML: ${excerpt((e as Error).message, 100)}`, {
        file: displayName,
        line: 1,
        column: 1,
      }),
    );
    return undefined;
  }
  const before = problems.length;
  for (const err of doc.errors.slice(0, MAX_SYNTAX_ERRORS)) {
    const pos = lineCounter.linePos(err.pos[0]);
    const said = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    // The parser recurses per level; `flowTooDeep` refuses most such files first, this is the fallback.
    const firstLine = /Maximum call stack size exceeded/.test(said) ? `nesting deeper than ${MAX_DEPTH} levels` : said;
    // Some messages quote a token of the file ("Not a YAML token: …"): a short one at most.
    problems.push(
      new HelenError('E_YAML', `YAML syntax: ${excerpt(firstLine, 100)}`, {
        file: displayName,
        line: pos.line,
        column: pos.col,
      }),
    );
  }
  if (doc.errors.length > MAX_SYNTAX_ERRORS) {
    const pos = lineCounter.linePos(doc.errors[MAX_SYNTAX_ERRORS]!.pos[0]);
    problems.push(
      new HelenError(
        'E_YAML',
        `${doc.errors.length - MAX_SYNTAX_ERRORS} more YAML syntax errors not shown; fix the ones above first`,
        { file: displayName, line: pos.line, column: pos.col },
      ),
    );
  }
  if (problems.length > before) return undefined;
  const state = { nodes: 0 };
  // Alias.resolve walks the document; an alias used 100k times (an alias bomb) must not walk it 100k times.
  const aliasTargets = new Map<Node, Node | null>();
  // Nodes without a range (an empty document, a missing value) are blamed on their parent, or on 1:1.
  const locate = (node: Node | null | undefined, path: string, parent?: SourceLocation): SourceLocation => {
    const offset = node?.range?.[0];
    if (offset === undefined) return { file: displayName, line: parent?.line ?? 1, column: parent?.column ?? 1, path };
    const pos = lineCounter.linePos(offset);
    // A quoted scalar's range starts at its quote; expression columns count from its text.
    const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
    return { file: displayName, line: pos.line, column: pos.col + (quoted ? 1 : 0), path };
  };
  const convert = (node: unknown, path: string, depth: number, parent?: SourceLocation): YNode => {
    if (++state.nodes > MAX_NODES)
      throw new HelenError(
        'E_YAML',
        `document has more than ${MAX_NODES} nodes (aliases count once per use)`,
        locate(node as Node, path, parent),
      );
    if (depth > MAX_DEPTH) {
      throw new HelenError('E_YAML', `nesting deeper than ${MAX_DEPTH} levels`, locate(node as Node, path, parent));
    }
    let n = node as Node | null;
    if (isAlias(n)) {
      const alias = n;
      if (!aliasTargets.has(alias)) aliasTargets.set(alias, (alias.resolve(doc) as Node | undefined) ?? null);
      n = aliasTargets.get(alias)!;
    }
    const loc = locate(n, path, parent);
    if (isMap(n)) {
      const entries: YMap['entries'] = [];
      for (const pair of n.items) {
        const keyNode = pair.key as Node | null;
        const keyValue = isScalar(keyNode) ? keyNode.value : undefined;
        const keyLoc = locate(keyNode, path, loc);
        if (typeof keyValue !== 'string' && typeof keyValue !== 'number') {
          throw new HelenError('E_YAML', 'mapping keys must be plain names', keyLoc);
        }
        const key = String(keyValue);
        const childPath = path ? `${path}.${key}` : key;
        entries.push({
          key,
          keyLoc: { ...keyLoc, path: childPath },
          value: convert(pair.value, childPath, depth + 1, keyLoc),
        });
      }
      return { kind: 'map', entries, loc };
    }
    if (isSeq(n)) {
      return { kind: 'seq', items: n.items.map((item, i) => convert(item, `${path}[${i}]`, depth + 1, loc)), loc };
    }
    if (isScalar(n)) {
      const v = n.value;
      if (v === null || typeof v === 'string' || typeof v === 'boolean') return { kind: 'scalar', value: v, loc };
      if (typeof v === 'number') return { kind: 'scalar', value: v, loc };
      if (typeof v === 'bigint') return { kind: 'scalar', value: Number(v), loc };
      return { kind: 'scalar', value: String(v), loc };
    }
    return { kind: 'scalar', value: null, loc };
  };
  try {
    return convert(doc.contents, '', 0);
  } catch (e) {
    if (e instanceof HelenError) {
      problems.push(e);
      return undefined;
    }
    throw e;
  }
}

/**
 * The offset of the first `[` or `{` nested deeper than MAX_DEPTH (outside
 * quotes and comments), or -1. Checked before parsing: the parser recurses per
 * level, and a list nested 100 000 deep overflowed its stack (which crashed a
 * test runner's worker outright). A quote it misreads only hides brackets, so
 * the parser's own stack overflow remains the fallback.
 */
function flowTooDeep(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const before = i === 0 ? '\n' : text[i - 1]!;
    if (ch === '"' || (ch === "'" && /[\s[{,:]/.test(before))) {
      for (i++; i < text.length && text[i] !== ch; i++) if (ch === '"' && text[i] === '\\') i++;
    } else if (ch === '#' && /\s/.test(before)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '[' || ch === '{') {
      if (++depth > MAX_DEPTH) return i;
    } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
  }
  return -1;
}

/** 1-based line and column of `offset` in `text`. */
function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** A short name for a node's kind, for "expected …, got …" messages. */
export function describeNode(n: YNode): string {
  if (n.kind === 'map') return 'a mapping';
  if (n.kind === 'seq') return 'a list';
  if (n.value === null) return 'nothing (null)';
  // A file reached by mistake can be one long scalar: quote a short excerpt, never the file.
  return `${typeof n.value} ${JSON.stringify(typeof n.value === 'string' ? excerpt(n.value) : n.value)}`;
}
