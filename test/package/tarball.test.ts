import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve('.');
const EXAMPLE = join(REPO, 'examples', 'plugin-sram-cim');
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const ATTW = join(REPO, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
const NODE_TYPES = join(REPO, 'node_modules', '@types');
const NPM = 'npm';
const NPX = 'npx';
/** npm installs from the cache the repository's own install filled; install scripts are not needed (helen has none). */
const INSTALL = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error'];

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of child commands: without the npm_* variables of an enclosing `npm test`, so npm sees only the temp project. */
function childEnv(): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
    CI: '1',
    NO_COLOR: '1',
  };
}

/** Runs a command to its end. */
function run(cmd: string, args: string[], cwd: string, timeoutMs = 120_000): Ran {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: timeoutMs, env: childEnv() });
  return { code: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

/** Runs a command without blocking (the two npm installs run side by side: most of their time is spent waiting on the cache and the disk). */
function runAsync(cmd: string, args: string[], cwd: string): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd, env: childEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => done({ code: -1, stdout, stderr: stderr + String(e) }));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Like `run`, but a non-zero exit fails with the command's output. */
function ok(cmd: string, args: string[], cwd: string, timeoutMs?: number): Ran {
  const r = run(cmd, args, cwd, timeoutMs);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** `helen …` as installed in `cwd` (its bin script; `npx` itself is tested once, for --version). */
const helen = (cwd: string, ...args: string[]): Ran =>
  run(process.execPath, [join(cwd, 'node_modules', 'helen', 'bin', 'helen.js'), ...args], cwd);

/** The files a docs page spells out in full: fenced blocks whose first line is a comment naming the file (`// acme-mac.ts`, `# acme-chip.yaml`). */
function docExamples(page: string): { name: string; text: string }[] {
  const text = readFileSync(join(REPO, 'docs', page), 'utf8');
  return [...text.matchAll(/```\w+\n(?:\/\/|#) ([\w.-]+\.(?:ts|yaml|jsonl|dots))\n([\s\S]*?)```/g)].map((m) => ({
    name: m[1]!,
    text: m[2]!,
  }));
}

/** The bare module names an installed declaration file imports (`zod`, `fast-check`, …; relative and node: imports left out). */
function bareImports(dir: string): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.d.ts')) continue;
    for (const m of readFileSync(join(dir, entry), 'utf8').matchAll(/(?:from\s+|import\()\s*['"]([^'"]+)['"]/g)) {
      const spec = m[1]!;
      if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec)) continue;
      found.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return found;
}

// Packs the repository (dist/ as `npm test` just built it), installs the tarball into an empty project and into a copy of
// examples/plugin-sram-cim, and drives both through their installed `helen` as a user would.
// Each step spawns npm, tsc or the CLI: on a loaded 2-core machine one may take tens of seconds.
describe('the packed package, installed', { timeout: 120_000 }, () => {
  let tmp = '';
  let tarball = '';
  let packed: string[] = [];
  let app = '';
  let plugin = '';

  beforeAll(async () => {
    if (!existsSync(join(REPO, 'dist', 'api', 'index.js')))
      throw new Error('dist/ is missing: the test command builds first (npm test)');
    tmp = mkdtempSync(join(tmpdir(), 'helen-pack-'));
    // --ignore-scripts: the prepack clean must not delete the dist/ other tests are running from.
    const pack = JSON.parse(
      ok(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], REPO).stdout,
    ) as { filename: string; files: { path: string }[] }[];
    tarball = join(tmp, pack[0]!.filename);
    packed = pack[0]!.files.map((f) => f.path);

    app = join(tmp, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module' }),
    );
    plugin = join(tmp, 'plugin-sram-cim');
    cpSync(EXAMPLE, plugin, { recursive: true, filter: (src) => !/[\\/]node_modules([\\/]|$)/.test(src) });
    // The example's own `npm install` with helen from the tarball, as its README says.
    const installs = await Promise.all([app, plugin].map((dir) => runAsync(NPM, [...INSTALL, tarball], dir)));
    installs.forEach((r, i) => {
      if (r.code !== 0)
        throw new Error(`npm install ${tarball} in ${[app, plugin][i]} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    });
  }, 300_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  it('ships the built entry points, the CLI, docs and examples, and no test file', () => {
    for (const f of [
      'dist/api/index.js',
      'dist/api/index.d.ts',
      'dist/cli/main.js',
      'bin/helen.js',
      'docs/kernel.md',
      'docs/helen.schema.json',
      'architectures/examples/demo-chip.yaml',
      'workloads/examples/demo-ops.jsonl',
    ]) {
      expect(packed).toContain(f);
    }
    expect(packed.filter((f) => f.startsWith('test/') || f.startsWith('dist/test/') || f.endsWith('.test.js'))).toEqual(
      [],
    );
  });

  it('npx helen --version runs the installed package', () => {
    const r = run(NPX, ['--no', '--', 'helen', '--version'], app);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
  });

  it("a script imports 'helen' and runs a shipped example; deep imports are refused", () => {
    writeFileSync(
      join(app, 'script.mjs'),
      [
        "import { defineComponent, runSimulation } from 'helen';",
        "const r = runSimulation({ architecture: 'node_modules/helen/architectures/examples/demo-chip.yaml', workload: 'node_modules/helen/workloads/examples/demo-ops.jsonl' });",
        'console.log(typeof defineComponent, r.cycles);',
        "try { await import('helen/dist/core/index.js'); console.log('deep import allowed'); } catch (e) { console.log(e.code); }",
      ].join('\n'),
    );
    const r = ok(process.execPath, ['script.mjs'], app);
    expect(r.stdout.trim().split('\n')).toEqual(['function 114', 'ERR_PACKAGE_PATH_NOT_EXPORTED']);
  });

  it("the types resolve under moduleResolution NodeNext (real types, not any), and the docs' examples compile", () => {
    writeFileSync(
      join(app, 'check.ts'),
      [
        "import { Component, componentOptions, defineComponent, param, runSimulation, z, type RunReport } from 'helen';",
        'export const unit = defineComponent({',
        "  type: 'my.unit',",
        "  description: 'a unit that does nothing',",
        "  params: z.object({ area: param.area('area', { default: 0 }), leakage: param.power('static power', { default: 0 }) }).strict(),",
        '  create: (ctx) => new Component(ctx.parent, ctx.name, componentOptions(ctx)),',
        '});',
        'export function cyclesOf(report: RunReport): number {',
        '  return report.cycles;',
        '}',
        '// @ts-expect-error an unknown option: the declarations are checked, not any',
        "runSimulation({ architecture: 'a.yaml', workload: 'w.jsonl', nonsense: 1 });",
      ].join('\n'),
    );
    const docFiles = [...docExamples('writing-a-component.md'), ...docExamples('writing-a-family.md')];
    for (const f of docFiles) writeFileSync(join(app, f.name), f.text);
    const sources = ['check.ts', ...docFiles.map((f) => f.name).filter((n) => n.endsWith('.ts'))];
    expect(sources).toEqual(['check.ts', 'acme-mac.ts', 'acme-family.ts']);
    writeFileSync(
      join(app, 'tsconfig.json'),
      // skipLibCheck: checking zod's and Node's own declarations would take half a minute; what ours import is checked below.
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          outDir: 'out',
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [NODE_TYPES],
        },
        files: sources,
      }),
    );
    ok(process.execPath, [TSC, '-p', '.'], app);
  });

  it("docs/writing-a-component.md's example runs, lists and verifies as the page says", () => {
    const plugin = ['--plugin', './out/acme-mac.js'];
    const r = helen(app, 'run', 'acme-chip.yaml', 'acme-dots.jsonl', ...plugin, '--json');
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as {
      cycles: number;
      components: Record<string, { counters: Record<string, number> }>;
    };
    expect(report.cycles).toBe(11);
    expect(report.components['chip.mac[0]']!.counters['macs']).toBe(164);
    expect(helen(app, 'list', 'acme.mac_unit', ...plugin).stdout).toMatch(
      /dot\s+a dot product[\s\S]*length\s+integer\s+\(required\)/,
    );
    const v = helen(app, 'verify', 'acme-chip.yaml', ...plugin, '--runs', '5');
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toMatch(/a dot alone takes ceil\(length \/ lanes\) cycles/);
  });

  it("docs/writing-a-family.md's example reads, drives and draws as the page says", () => {
    const plugin = ['--plugin', './out/acme-family.js'];
    const r = helen(app, 'run', 'acme-chip.yaml', 'vectors.dots', ...plugin, '--json', '--report', 'acme.html');
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as {
      cycles: number;
      phases: { name: string; cycles: number }[];
      workload_summary: { metrics: { name: string; value: number }[] };
    };
    expect(report.phases.map((p) => [p.name, p.cycles])).toEqual([
      ['batch1', 7],
      ['batch2', 4],
    ]);
    expect(report.workload_summary.metrics).toContainEqual(
      expect.objectContaining({ name: 'macs_per_cycle', value: 236 / 11 }),
    );
    expect(readFileSync(join(app, 'acme.html'), 'utf8')).toContain('id="acme_lengths"');
  });

  it('the declarations import only packages a user gets with helen (its dependencies)', () => {
    const installed = join(app, 'node_modules', 'helen');
    const deps = Object.keys(
      (JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string> })
        .dependencies,
    );
    const imported = [...bareImports(join(installed, 'dist'))];
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((m) => !deps.includes(m))).toEqual([]);
  });

  it('arethetypeswrong finds no problem for an ESM-only package', () => {
    const r = ok(process.execPath, [ATTW, tarball, '--profile', 'esm-only', '--format', 'json'], tmp);
    const problems = (JSON.parse(r.stdout) as { problems?: Record<string, unknown[]> }).problems ?? {};
    // CommonJS callers reach an ESM-only package through import(): the one finding the esm-only profile expects.
    expect(Object.keys(problems).filter((kind) => kind !== 'CJSResolvesToESM')).toEqual([]);
  });

  it("the example's JavaScript type-checks against the installed declarations", () => {
    ok(process.execPath, [TSC, '-p', '.', '--typeRoots', NODE_TYPES], plugin);
  });

  it('the example runs through its helen.config.mjs: report, trace, metrics', () => {
    const r = run(
      NPX,
      [
        '--no',
        '--',
        'helen',
        'run',
        'architectures/cim-chip.yaml',
        'workloads/mlp.gemms',
        '--report',
        'r.html',
        '--trace',
        'x.vcd',
      ],
      plugin,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fc1\b.*1[ ,.]?792/);
    expect(r.stdout).toMatch(/macs_per_cycle/);
    expect(existsSync(join(plugin, 'x.vcd'))).toBe(true);
    const html = readFileSync(join(plugin, 'r.html'), 'utf8');
    expect(html).toContain('id="cim_gemm_bars"');
    expect(html).toContain('GEMMs on the CIM macros');
  });

  it('validate, schema and list know the plug-in’s types', () => {
    const v = helen(plugin, 'validate', 'architectures/cim-chip.yaml');
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/cim-chip\.yaml: ok \(5 components\)/);
    const schema = helen(plugin, 'schema');
    expect(schema.code).toBe(0);
    expect(schema.stdout).toContain('cim.sram_macro');
    const all = helen(plugin, 'list');
    expect(all.stdout).toMatch(/cim\.chip/);
    expect(all.stdout).toMatch(/cim\.sram_macro/);
    const one = helen(plugin, 'list', 'cim.sram_macro');
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/gemm\s+C\[M×N\]/);
    for (const arg of ['M', 'N', 'K'])
      expect(one.stdout).toMatch(new RegExp(`\\n\\s+${arg}\\s+integer\\s+\\(required\\)`));
    expect(one.stdout).toMatch(/statistics:[\s\S]*weights_written/);
    const registered = helen(plugin, 'list', '--formats', '--plugins');
    expect(registered.stdout).toMatch(/gemm-list\s+\.gemms\s+cim-gemms\s+helen-plugin-sram-cim/);
    expect(registered.stdout).toMatch(/cim_gemm_bars\s+helen-plugin-sram-cim/);
    expect(registered.stdout).toContain(join(plugin, 'index.js'));
  });

  it('--plugin names the plug-in from a folder without a config file', () => {
    const r = helen(app, 'list', 'cim.chip', '--plugin', join(plugin, 'index.js'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/macros\s+cim\.sram_macro/);
    expect(helen(app, 'list', 'cim.chip').code).not.toBe(0);
  });

  it("verify checks the macro's properties and passes", () => {
    const r = helen(plugin, 'verify', 'architectures/cim-chip.yaml', '--runs', '5');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/a gemm alone takes ceil\(K\/rows\)/);
    expect(r.stdout).not.toMatch(/failed/i);
  });

  it('a sweep runs on 2 worker threads, each loading the plug-in', () => {
    const r = helen(plugin, 'sweep', 'sweeps/macros.yaml', '--workers', '2', '--out', 'sweep-out');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const rows = readFileSync(join(plugin, 'sweep-out', 'results.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(rows).toHaveLength(7);
    expect(rows.slice(1).every((row) => row.split(',')[2] === 'ok')).toBe(true);
  });
});
