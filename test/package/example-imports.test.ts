import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const EXAMPLE = resolve('examples', 'plugin-sram-cim');

/** The example's own modules (its node_modules, if someone installed it here, left out). */
function modules(): string[] {
  return readdirSync(EXAMPLE, { recursive: true, encoding: 'utf8' }).filter(
    (f) => /\.(m?js|ts)$/.test(f) && !f.split(/[\\/]/).includes('node_modules'),
  );
}

// An outside plug-in sees Helen only through its public entry: this keeps the example honest about that.
describe('examples/plugin-sram-cim imports only what an outside package can', () => {
  it("imports 'helen', node: built-ins and its own files, nothing else", () => {
    const files = modules();
    expect(files).toContain('index.js');
    const bad: string[] = [];
    for (const f of files) {
      const text = readFileSync(join(EXAMPLE, f), 'utf8');
      for (const m of text.matchAll(
        /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
      )) {
        const spec = m[1] ?? m[2]!;
        const inside = spec.startsWith('.') && !relative(EXAMPLE, resolve(EXAMPLE, dirname(f), spec)).startsWith('..');
        if (spec !== 'helen' && !spec.startsWith('node:') && !inside) bad.push(`${f} imports ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
