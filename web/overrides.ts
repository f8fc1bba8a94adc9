import { HelenError } from '../core/errors.js';

/**
 * `--set` overrides from the form's text: one `path=value` a line; blank lines
 * and `#` comments are skipped. A line without `=` is a HelenError naming it.
 */
export function parseOverrides(text: string): Map<string, string> {
  const overrides = new Map<string, string>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq <= 0)
      throw new HelenError('E_SET', `expected path=value (as --set), got "${line}"`, {
        file: 'overrides',
        line: i + 1,
        column: 1,
      });
    overrides.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  });
  return overrides;
}
