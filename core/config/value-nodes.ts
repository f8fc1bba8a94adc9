// Reading YAML scalars and value maps into ValueSpecs, reporting wrong types and unknown keys.
import { HelenError, type SourceLocation } from '../errors.js';
import { excerpt } from '../io/excerpt.js';
import { didYouMean } from './expression.js';
import type { ValueSpec } from './spec.js';
import { describeNode, type YNode } from './yaml-source.js';

/** Where the readers below report problems. */
export interface ProblemSink {
  problems: HelenError[];
}

export function unknownKey(
  key: string,
  loc: SourceLocation,
  known: Readonly<Record<string, string>>,
  where: string,
  ctx: ProblemSink,
): void {
  const hint = didYouMean(key, Object.keys(known));
  ctx.problems.push(
    new HelenError(
      'E_UNKNOWN_KEY',
      `unknown key "${excerpt(key)}" in ${where}${hint ? `; did you mean "${hint}"?` : `; expected one of: ${Object.keys(known).join(', ')}`}`,
      loc,
    ),
  );
}

export function isValue(node: YNode, ctx: ProblemSink, expected: string): boolean {
  if (node.kind === 'scalar' && node.value !== null) return true;
  ctx.problems.push(new HelenError('E_TYPE', `expected ${expected}, got ${describeNode(node)}`, node.loc));
  return false;
}

export function toValue(node: YNode): ValueSpec {
  return { raw: node.kind === 'scalar' ? node.value : null, loc: node.loc };
}

export function scalarString(node: YNode, ctx: ProblemSink, expected: string): string | undefined {
  if (node.kind === 'scalar' && (typeof node.value === 'string' || typeof node.value === 'number'))
    return String(node.value);
  ctx.problems.push(new HelenError('E_TYPE', `expected ${expected} (text), got ${describeNode(node)}`, node.loc));
  return undefined;
}

export function readValueMap(node: YNode, into: Map<string, ValueSpec>, ctx: ProblemSink, expected: string): void {
  if (node.kind !== 'map') {
    ctx.problems.push(
      new HelenError('E_TYPE', `expected a mapping of ${expected}, got ${describeNode(node)}`, node.loc),
    );
    return;
  }
  for (const e of node.entries) {
    if (!/^[A-Za-z_]\w*$/.test(e.key)) {
      ctx.problems.push(
        new HelenError('E_NAME', `"${excerpt(e.key)}" is not a valid name: use letters, digits and _`, e.keyLoc),
      );
      continue;
    }
    if (isValue(e.value, ctx, `a value for "${e.key}"`)) into.set(e.key, toValue(e.value));
  }
}
