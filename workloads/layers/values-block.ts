import { readFileSync } from 'node:fs';
import { LineCounter, isMap, parseDocument, type Node } from 'yaml';
import { HelenError, type SourceLocation } from '../../core/index.js';

/** One whole-number option of a layer list's `values:` block. */
export interface ValuesOption<K extends string> {
  /** The YAML key. */
  key: string;
  /** Where it goes in the spec. */
  field: K;
  /** Smallest accepted value. */
  min: number;
  /** What it means (shown when a key is unknown). */
  description: string;
}

/**
 * Reads the optional top-level `values:` of a layer list: absent or `false` →
 * undefined; `true` → the defaults; a mapping of the given whole-number options
 * → the defaults with those replaced. Problems are located at their key or value.
 */
export function readValuesBlock<T extends Partial<Record<K, number>>, K extends string>(file: string, options: readonly ValuesOption<K>[], defaults: T): T | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lc });
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const node = root.get('values', true) as Node | undefined;
  if (node === undefined) return undefined;
  const at = (n: Node | undefined, path: string): SourceLocation => {
    const pos = n?.range ? lc.linePos(n.range[0]) : undefined;
    return { file, ...(pos ? { line: pos.line, column: pos.col } : {}), path };
  };
  const v = node.toJSON();
  if (v === false) return undefined;
  const spec = { ...defaults };
  if (v === true) return spec;
  const keys = options.map((o) => o.key);
  if (!isMap(node)) throw new HelenError('E_WORKLOAD', `"values" must be true, false or { ${keys.join(', ')} }`, at(node, 'values'));
  for (const pair of node.items) {
    const k = String((pair.key as Node).toJSON());
    const option = options.find((o) => o.key === k);
    if (!option) throw new HelenError('E_WORKLOAD', `unknown key "${k}" in values; known: ${options.map((o) => `${o.key} (${o.description})`).join(', ')}`, at(pair.key as Node, `values.${k}`));
    const val = (pair.value as Node | null)?.toJSON();
    if (typeof val !== 'number' || !Number.isSafeInteger(val) || val < option.min) {
      throw new HelenError('E_WORKLOAD', `"${k}" must be a whole number ≥ ${option.min}, got ${JSON.stringify(val)}`, at(pair.value as Node, `values.${k}`));
    }
    (spec as Record<K, number>)[option.field] = val;
  }
  return spec;
}
