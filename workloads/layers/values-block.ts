import { isMap, type LineCounter, type Node } from 'yaml';
import type { SourceLocation } from '../../core/index.js';

/** One key of a layer list's `values:` mapping, with where its key and its value were written. */
export interface ValuesEntry {
  key: string;
  /** The value as written (checked by the driver that uses it). */
  value: unknown;
  keyAt: SourceLocation;
  valueAt: SourceLocation;
}

/**
 * A layer list's top-level `values:` as written: `true` (check with the
 * driver's defaults), a mapping of options, or something else (which the
 * driver reports at `at`). Which options exist and what they mean is the
 * business of the driver that checks values on its hardware.
 */
export type ValuesRequest =
  | { form: 'defaults'; at: SourceLocation }
  | { form: 'options'; at: SourceLocation; entries: ValuesEntry[] }
  | { form: 'invalid'; at: SourceLocation };

/** Reads the `values:` node of a layer list's root mapping: absent or `false` → undefined. */
export function readValuesRequest(file: string, root: unknown, lc: LineCounter): ValuesRequest | undefined {
  if (!isMap(root)) return undefined;
  const node = root.get('values', true) as Node | undefined;
  if (node === undefined) return undefined;
  const at = (n: Node | null | undefined, path: string): SourceLocation => {
    const pos = n?.range ? lc.linePos(n.range[0]) : undefined;
    return { file, ...(pos ? { line: pos.line, column: pos.col } : {}), path };
  };
  const v = node.toJSON();
  if (v === false) return undefined;
  if (v === true) return { form: 'defaults', at: at(node, 'values') };
  if (!isMap(node)) return { form: 'invalid', at: at(node, 'values') };
  const entries = node.items.map((pair): ValuesEntry => {
    const key = String((pair.key as Node).toJSON());
    const value = pair.value as Node | null;
    return {
      key,
      value: value?.toJSON(),
      keyAt: at(pair.key as Node, `values.${key}`),
      valueAt: at(value, `values.${key}`),
    };
  });
  return { form: 'options', at: at(node, 'values'), entries };
}
