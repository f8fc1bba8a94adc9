import { didYouMean, HelenError, type SourceLocation } from '../../core/index.js';
import { describeNode, type YMap, type YNode, type YScalar } from '../../core/config/yaml-source.js';
import type { ParamValue } from './types.js';

/** Reading helpers over located YAML nodes: each failure becomes a located HelenError in `problems`. */
export class NodeReader {
  constructor(readonly problems: HelenError[]) {}

  fail(code: string, message: string, loc: SourceLocation): undefined {
    this.problems.push(new HelenError(code, message, loc));
    return undefined;
  }

  map(node: YNode, what: string): YMap | undefined {
    if (node.kind === 'map') return node;
    return this.fail('E_TYPE', `expected ${what} (a mapping), got ${describeNode(node)}`, node.loc);
  }

  /** Entries of a map whose keys must be among `allowed` (unknown ones are reported with a suggestion). */
  entries(node: YMap, allowed: readonly string[]): Map<string, YMap['entries'][number]> {
    const found = new Map<string, YMap['entries'][number]>();
    for (const e of node.entries) {
      if (!allowed.includes(e.key)) {
        const hint = didYouMean(e.key, allowed);
        this.fail(
          'E_UNKNOWN_KEY',
          `unknown key "${e.key}"${hint ? `; did you mean "${hint}"?` : ''} (expected one of: ${allowed.join(', ')})`,
          e.keyLoc,
        );
        continue;
      }
      found.set(e.key, e);
    }
    return found;
  }

  scalar(node: YNode, what: string): ParamValue | undefined {
    if (node.kind === 'scalar' && node.value !== null) return node.value;
    return this.fail('E_TYPE', `expected ${what}, got ${describeNode(node)}`, node.loc);
  }

  string(node: YNode, what: string): string | undefined {
    if (node.kind === 'scalar' && typeof node.value === 'string' && node.value.trim() !== '') return node.value;
    return this.fail('E_TYPE', `expected ${what} (text), got ${describeNode(node)}`, node.loc);
  }

  number(node: YNode, what: string): number | undefined {
    if (node.kind === 'scalar' && typeof node.value === 'number' && Number.isFinite(node.value)) return node.value;
    return this.fail('E_TYPE', `expected ${what} (a number), got ${describeNode(node)}`, node.loc);
  }

  integer(node: YNode, what: string, min: number): number | undefined {
    const n = this.number(node, what);
    if (n === undefined) return undefined;
    if (!Number.isInteger(n) || n < min)
      return this.fail('E_VALUE', `expected ${what}: a whole number ≥ ${min}, got ${n}`, node.loc);
    return n;
  }

  boolean(node: YNode, what: string): boolean | undefined {
    if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
    return this.fail('E_TYPE', `expected ${what} (true or false), got ${describeNode(node)}`, node.loc);
  }

  /** A list of scalars (a lone scalar counts as a one-element list). */
  scalarList(node: YNode, what: string): ParamValue[] | undefined {
    if (node.kind === 'scalar') {
      const v = this.scalar(node, what);
      return v === undefined ? undefined : [v];
    }
    if (node.kind !== 'seq')
      return this.fail('E_TYPE', `expected ${what} (a list), got ${describeNode(node)}`, node.loc);
    if (node.items.length === 0) return this.fail('E_VALUE', `expected ${what}, got an empty list`, node.loc);
    const out: ParamValue[] = [];
    for (const item of node.items) {
      const v = this.scalar(item as YScalar, what);
      if (v === undefined) return undefined;
      out.push(v);
    }
    return out;
  }
}
