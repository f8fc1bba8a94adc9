import { join, normalize } from 'node:path';
import { builtinModules } from 'node:module';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = normalize(join(import.meta.dirname, '..', '..'));
const BUILTINS = new Set(builtinModules);

/** Records every Node built-in the bundle would need (and keeps it out, so the bundle still completes). */
function nodeBuiltinsSeen(seen: string[]): Plugin {
  return {
    name: 'node-builtins-seen',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.replace(/^node:/, '').split('/')[0]!;
        if (!args.path.startsWith('node:') && !BUILTINS.has(bare)) return undefined;
        seen.push(`${args.path} (from ${args.importer.slice(ROOT.length + 1)})`);
        return { path: args.path, external: true };
      });
    },
  };
}

describe('core, the families and the workload readers bundle for the browser', () => {
  it('an esbuild browser bundle of core/, components/ and workloads/ needs no Node built-in', async () => {
    const seen: string[] = [];
    const result = await build({
      entryPoints: ['core/index.ts', 'components/index.ts', 'workloads/index.ts'].map((f) => join(ROOT, f)),
      bundle: true,
      write: false,
      outdir: 'out',
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
      plugins: [nodeBuiltinsSeen(seen)],
    });
    expect(result.errors).toEqual([]);
    expect(result.outputFiles.length).toBe(3);
    expect(seen).toEqual([]);
  });
});
