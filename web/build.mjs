// Builds the browser playground into dist-web/: the page script and the Helen worker bundled by esbuild (the
// same api/, core/, components/ and workloads/ code the CLI runs), the shipped examples and schema bundled in.
// Usage: node web/build.mjs [outdir]
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const outdir = resolve(process.argv[2] ?? join(root, 'dist-web'));
/** Folders whose files the app carries (examples, their parts and referenced inputs) and the schema. */
const BUNDLED = ['architectures', 'workloads/examples', 'docs/helen.schema.json'];
const TEXT = /\.(ya?ml|json|jsonl|csv|txt|md)$/i;

function walk(path) {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path).flatMap((name) => walk(join(path, name)));
}

/** path → text, or { base64 } for binary files. */
function bundledFiles() {
  const files = {};
  for (const top of BUNDLED)
    for (const file of walk(join(root, top))) {
      const key = relative(root, file).split('\\').join('/');
      const bytes = readFileSync(file);
      files[key] = TEXT.test(file) ? bytes.toString('utf8') : { base64: bytes.toString('base64') };
    }
  return files;
}

const virtualFiles = {
  name: 'helen-bundled-files',
  setup(b) {
    b.onResolve({ filter: /^helen:bundled-files$/ }, () => ({ path: 'bundled-files', namespace: 'helen' }));
    b.onLoad({ filter: /.*/, namespace: 'helen' }, () => ({
      contents: JSON.stringify(bundledFiles()),
      loader: 'json',
    }));
  },
};

/** Helen's schema descriptions are plain text: codemirror-json-schema's markdown renderer (with shiki) stays out. */
const plainHoverText = {
  name: 'plain-hover-text',
  setup(b) {
    b.onResolve({ filter: /utils\/markdown(\.js)?$/ }, (args) =>
      args.importer.includes('codemirror-json-schema') ? { path: join(root, 'web/markdown-stub.ts') } : undefined,
    );
  },
};

const started = performance.now();
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const result = await build({
  entryPoints: { main: join(root, 'web/main.ts'), worker: join(root, 'web/worker.ts') },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  metafile: true,
  logLevel: 'warning',
  plugins: [virtualFiles, plainHoverText],
});
for (const file of ['index.html', 'style.css']) copyFileSync(join(root, 'web', file), join(outdir, file));

let total = 0;
for (const name of readdirSync(outdir).sort()) {
  const bytes = statSync(join(outdir, name)).size;
  total += bytes;
  console.log(`  ${name.padEnd(12)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB`);
}
console.log(
  `dist-web: ${(total / 1024).toFixed(1)} KiB in ${Object.keys(result.metafile.outputs).length + 2} files, built in ${((performance.now() - started) / 1000).toFixed(2)} s`,
);
