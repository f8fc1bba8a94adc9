// Located YAML for workload readers: where a node is, and a document's first syntax error.
import type { Document, LineCounter, Node } from 'yaml';
import { HelenError, type SourceLocation } from '../core/index.js';

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
