// Located YAML for workload readers: where a node is, and a document's first syntax error.
import type { Document, LineCounter, Node } from 'yaml';
import { readYamlFile, type YMap, type YNode } from '../core/config/yaml-source.js';
import {
  convertTo,
  evaluateExpression,
  HelenError,
  HelenErrors,
  type Dimension,
  type SourceLocation,
} from '../core/index.js';

/** Where `node` starts in `file` (line and column when known), with `path` the key path inside the document. */
export function nodeLocation(
  lc: LineCounter,
  file: string,
  node: Node | null | undefined,
  path: string,
): SourceLocation {
  const pos = node?.range ? lc.linePos(node.range[0]) : undefined;
  return { file, ...(pos ? { line: pos.line, column: pos.col } : {}), path };
}

/** Throws the first syntax error of `doc`, located, as an E_WORKLOAD HelenError; returns when there is none. */
export function throwYamlSyntaxError(doc: Document.Parsed, file: string): void {
  const e = doc.errors[0];
  if (!e) return;
  throw new HelenError('E_WORKLOAD', e.message.split('\n')[0]!, {
    file,
    line: e.linePos?.[0].line,
    column: e.linePos?.[0].col,
  });
}

/**
 * Reads a small YAML workload file that must be one mapping of known keys:
 * syntax errors are thrown at once; a file that is not a mapping is one error
 * saying `whatItIs`; every unknown key is pushed to `problems` (so the caller
 * reports them together with its own). Returns the mapping and a key lookup.
 */
export function readKeyedMap(
  file: string,
  whatItIs: string,
  keys: readonly string[],
  problems: HelenError[],
): { map: YMap; get: (key: string) => YMap['entries'][number] | undefined } {
  const root = readYamlFile(file, file, problems);
  if (problems.length) throw new HelenErrors(problems);
  if (root?.kind !== 'map') throw new HelenError('E_WORKLOAD', whatItIs, root?.loc ?? { file, line: 1, column: 1 });
  for (const e of root.entries)
    if (!keys.includes(e.key))
      problems.push(
        new HelenError('E_UNKNOWN_KEY', `unknown key "${e.key}"; expected one of ${keys.join(', ')}`, e.keyLoc),
      );
  return { map: root, get: (key) => root.entries.find((e) => e.key === key) };
}

/**
 * A YAML scalar as a quantity of `dim`: a number as it is, a text with units
 * or an expression (`2.5kHz`, `100us`) converted; undefined for any other
 * node. A text that is not such a quantity throws its HelenError.
 */
export function scalarQuantity(node: YNode, dim: Dimension): number | undefined {
  if (node.kind !== 'scalar') return undefined;
  if (typeof node.value === 'number') return node.value;
  if (typeof node.value === 'string')
    return convertTo(
      evaluateExpression(node.value, () => undefined),
      dim,
    );
  return undefined;
}
