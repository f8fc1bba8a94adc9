import { HelenError } from '../../../core/index.js';
import type { ValuesRequest } from '../../../workloads/layers/values-block.js';

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
 * The spec a driver makes of a layer list's `values:` request: absent →
 * undefined; `true` → the defaults; a mapping of the given whole-number
 * options → the defaults with those replaced. Problems are located at their
 * key or value.
 */
export function valuesSpec<T extends Partial<Record<K, number>>, K extends string>(
  request: ValuesRequest | undefined,
  options: readonly ValuesOption<K>[],
  defaults: T,
): T | undefined {
  if (request === undefined) return undefined;
  const spec = { ...defaults };
  if (request.form === 'defaults') return spec;
  if (request.form === 'invalid')
    throw new HelenError(
      'E_WORKLOAD',
      `"values" must be true, false or { ${options.map((o) => o.key).join(', ')} }`,
      request.at,
    );
  for (const e of request.entries) {
    const option = options.find((o) => o.key === e.key);
    if (!option)
      throw new HelenError(
        'E_WORKLOAD',
        `unknown key "${e.key}" in values; known: ${options.map((o) => `${o.key} (${o.description})`).join(', ')}`,
        e.keyAt,
      );
    const val = e.value;
    if (typeof val !== 'number' || !Number.isSafeInteger(val) || val < option.min) {
      throw new HelenError(
        'E_WORKLOAD',
        `"${e.key}" must be a whole number ≥ ${option.min}, got ${JSON.stringify(val)}`,
        e.valueAt,
      );
    }
    (spec as Record<K, number>)[option.field] = val;
  }
  return spec;
}
