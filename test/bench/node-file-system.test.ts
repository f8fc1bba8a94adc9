import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Helen reads files through an installed FileSystem (core/io/file-system.ts):
 * the CLI and api/index.ts install Node's, the test setup does too, but a
 * bench script run with `node dist/bench/x.js` imports api/run.js and the
 * families directly. Without its own `useNodeFileSystem()` it works in tests
 * and fails with E_NO_FILE_SYSTEM on a user's machine.
 */
describe('bench scripts', () => {
  const dir = 'bench';
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  const text = new Map(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  /** Modules another bench file imports are libraries, not scripts. */
  const libraries = new Set(
    files.filter((f) => files.some((g) => g !== f && text.get(g)!.includes(`'./${f.replace(/\.ts$/, '.js')}'`))),
  );
  /** Files that reach Helen's loaders, readers or trace writers (the kernel alone reads no file). */
  const readsFiles = (f: string) => /from '\.\.\/(api|workloads|core\/(trace|config|io))\//.test(text.get(f)!);

  it('that load architectures or workloads install Node’s file system themselves', () => {
    const scripts = files.filter((f) => !libraries.has(f) && readsFiles(f));
    expect(scripts.length).toBeGreaterThan(5);
    expect(scripts.filter((f) => !/^useNodeFileSystem\(\);$/m.test(text.get(f)!))).toEqual([]);
  });
});
