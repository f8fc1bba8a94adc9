import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, normalize, relative, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

// The plan of the house (docs/architecture.md), checked on the source: who may import whom.

const ROOT = normalize(join(import.meta.dirname, '..', '..'));
const FAMILIES = readdirSync(join(ROOT, 'components')).filter((f) =>
  statSync(join(ROOT, 'components', f)).isDirectory(),
);

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Project-relative paths of the project files `file` imports (package imports are left out). */
function projectImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g),
    ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specs.filter((s) => s.startsWith('.')).map((s) => relative(ROOT, join(ROOT, dirname(file), s)));
}

/** `file imports node:x` for every Node built-in a source file under `dirs` imports. */
function nodeImports(dirs: string[]): string[] {
  const builtins = new Set(builtinModules);
  const out: string[] = [];
  for (const d of dirs)
    for (const f of sources(d)) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      for (const m of text.matchAll(
        /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
      )) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith('node:') || builtins.has(spec.split('/')[0]!)) out.push(`${f} imports ${spec}`);
      }
    }
  return out;
}

function top(path: string): string {
  return path.split(/[\\/]/)[0]!;
}

function family(path: string): string | undefined {
  const parts = path.split(/[\\/]/);
  return parts[0] === 'components' && parts.length > 2 ? parts[1] : undefined;
}

function violations(dirs: string[], allowed: (file: string, target: string) => boolean): string[] {
  const out: string[] = [];
  for (const d of dirs)
    for (const f of sources(d)) for (const t of projectImports(f)) if (!allowed(f, t)) out.push(`${f} imports ${t}`);
  return out;
}

describe('layers: each folder imports only the ones below it', () => {
  it('core/ imports nothing outside core/', () => {
    expect(violations(['core'], (_f, t) => top(t) === 'core')).toEqual([]);
  });

  it('core/ and components/ import no Node module (they run in a browser too: files go through core/io/fs.ts)', () => {
    expect(nodeImports(['core', 'components'])).toEqual([]);
  });

  it('workloads/ reads files only through core/io/fs.ts (the N-MNIST example generator is a Node script)', () => {
    const generator = join('workloads', 'spikes', 'nmnist-example.ts');
    expect(nodeImports(['workloads']).filter((v) => !v.startsWith(`${generator} `))).toEqual([]);
  });

  it('workloads/ (hardware-neutral parsers) imports only core/ and workloads/', () => {
    expect(violations(['workloads'], (_f, t) => top(t) === 'core' || top(t) === 'workloads')).toEqual([]);
  });

  it('a family imports core/, workloads/ and its own folder, never another family', () => {
    expect(FAMILIES.length).toBeGreaterThanOrEqual(6);
    const v = violations(['components'], (f, t) => {
      if (f === join('components', 'index.ts')) return true; // the one list of built-in families
      if (top(t) === 'core' || top(t) === 'workloads') return true;
      return top(t) === 'components' && family(t) === family(f);
    });
    expect(v).toEqual([]);
  });

  it('api/ reaches the families only through the one list of built-in plug-ins (api/session.ts → components/index.ts)', () => {
    const v = violations(['api'], (f, t) => {
      if (top(t) !== 'components') return ['core', 'workloads', 'api'].includes(top(t));
      return f === join('api', 'session.ts') && t === join('components', 'index.js');
    });
    expect(v).toEqual([]);
  });

  it('cli/ is a thin entry point: it imports api/, core/ and the kernel benchmarks (`helen bench`), no family and no parser', () => {
    expect(violations(['cli'], (_f, t) => ['api', 'core', 'cli', 'bench'].includes(top(t)))).toEqual([]);
  });

  it('drivers and components find hardware through slots and typed queries, not instanceof on component classes', () => {
    const allowed =
      /^(HelenError|HelenErrors|Error|TypeError|RangeError|Array|Map|Set|Float64Array|Float32Array|Int32Array|Uint8Array|Uint32Array|Buffer|Date|RegExp|Simulator|Component|ExpressionError|Promise|CommanderError)$/;
    const found: string[] = [];
    for (const d of ['components', 'workloads', 'api', 'cli'])
      for (const f of sources(d)) {
        for (const m of readFileSync(join(ROOT, f), 'utf8').matchAll(/instanceof\s+([A-Za-z_]\w*)/g))
          if (!allowed.test(m[1]!)) found.push(`${f}: instanceof ${m[1]}`);
      }
    expect(found).toEqual([]);
  });
});
