import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve('.');
const EXAMPLE = join(REPO, 'examples', 'plugin-sram-cim');
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const ATTW = join(REPO, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
const NODE_TYPES = join(REPO, 'node_modules', '@types');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
/** npm installs from the cache the repository's own install filled; install scripts are not needed (helen has none). */
const INSTALL = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error'];

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command; the environment drops the npm_* variables of an enclosing `npm test`, so npm sees only the temp project. */
function run(cmd: string, args: string[], cwd: string, timeoutMs = 120_000): Ran {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: timeoutMs, env: { ...env, CI: '1', NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

/** Like `run`, but a non-zero exit fails with the command's output. */
function ok(cmd: string, args: string[], cwd: string, timeoutMs?: number): Ran {
  const r = run(cmd, args, cwd, timeoutMs);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** `npx helen …` with no download: the helen installed in `cwd`. */
const helen = (cwd: string, ...args: string[]): Ran => run(NPX, ['--no', '--', 'helen', ...args], cwd);

// Packs the repository (dist/ as `npm test` just built it), installs the tarball into an empty project and into a copy of
// examples/plugin-sram-cim, and drives both through their installed `helen` as a user would.
describe('the packed package, installed', () => {
  let tmp = '';
  let tarball = '';
  let packed: string[] = [];
  let app = '';
  let plugin = '';

  beforeAll(() => {
    if (!existsSync(join(REPO, 'dist', 'api', 'index.js'))) throw new Error('dist/ is missing: the test command builds first (npm test)');
    tmp = mkdtempSync(join(tmpdir(), 'helen-pack-'));
    // --ignore-scripts: the prepack clean must not delete the dist/ other tests are running from.
    const pack = JSON.parse(ok(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], REPO).stdout) as { filename: string; files: { path: string }[] }[];
    tarball = join(tmp, pack[0]!.filename);
    packed = pack[0]!.files.map((f) => f.path);

    app = join(tmp, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module' }));
    ok(NPM, [...INSTALL, tarball], app, 180_000);

    plugin = join(tmp, 'plugin-sram-cim');
    cpSync(EXAMPLE, plugin, { recursive: true, filter: (src) => !/[\\/]node_modules([\\/]|$)/.test(src) });
    ok(NPM, [...INSTALL, tarball], plugin, 180_000);
  }, 300_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('ships the built entry points, the CLI, docs and examples, and no test file', () => {
    for (const f of ['dist/api/index.js', 'dist/api/index.d.ts', 'dist/cli/main.js', 'bin/helen.js', 'docs/kernel.md', 'docs/helen.schema.json', 'architectures/examples/demo-chip.yaml', 'workloads/examples/demo-ops.jsonl']) {
      expect(packed).toContain(f);
    }
    expect(packed.filter((f) => f.startsWith('test/') || f.startsWith('dist/test/') || f.endsWith('.test.js'))).toEqual([]);
  });

  it('helen --version runs from the installed package', () => {
    const r = helen(app, '--version');
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
  });

  it("a script imports 'helen' and runs a shipped example; deep imports are refused", () => {
    writeFileSync(
      join(app, 'script.mjs'),
      [
        "import { defineComponent, runSimulation } from 'helen';",
        "const r = runSimulation({ architecture: 'node_modules/helen/architectures/examples/demo-chip.yaml', workload: 'node_modules/helen/workloads/examples/demo-ops.jsonl' });",
        "console.log(typeof defineComponent, r.cycles);",
        "try { await import('helen/dist/core/index.js'); console.log('deep import allowed'); } catch (e) { console.log(e.code); }",
      ].join('\n'),
    );
    const r = ok(process.execPath, ['script.mjs'], app);
    expect(r.stdout.trim().split('\n')).toEqual(['function 114', 'ERR_PACKAGE_PATH_NOT_EXPORTED']);
  });

  it("the types resolve under moduleResolution NodeNext (and are real types, not any)", () => {
    writeFileSync(
      join(app, 'check.ts'),
      [
        "import { Component, componentOptions, defineComponent, param, runSimulation, z, type RunReport } from 'helen';",
        "export const unit = defineComponent({",
        "  type: 'my.unit',",
        "  description: 'a unit that does nothing',",
        "  params: z.object({ area: param.area('area', { default: 0 }), leakage: param.power('static power', { default: 0 }) }).strict(),",
        "  create: (ctx) => new Component(ctx.parent, ctx.name, componentOptions(ctx)),",
        "});",
        "const report: RunReport = runSimulation({ architecture: 'a.yaml', workload: 'w.jsonl' });",
        "export const cycles: number = report.cycles;",
        "// @ts-expect-error an unknown option: the declarations are checked, not any",
        "runSimulation({ architecture: 'a.yaml', workload: 'w.jsonl', nonsense: 1 });",
      ].join('\n'),
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'], typeRoots: [NODE_TYPES] }, files: ['check.ts'] }),
    );
    ok(process.execPath, [TSC, '-p', '.'], app);
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
    const r = helen(plugin, 'run', 'architectures/cim-chip.yaml', 'workloads/mlp.gemms', '--report', 'r.html', '--trace', 'x.vcd');
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
    for (const arg of ['M', 'N', 'K']) expect(one.stdout).toMatch(new RegExp(`\\n\\s+${arg}\\s+integer\\s+\\(required\\)`));
    expect(one.stdout).toMatch(/statistics:[\s\S]*weights_written/);
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
    const rows = readFileSync(join(plugin, 'sweep-out', 'results.csv'), 'utf8').trim().split('\n');
    expect(rows).toHaveLength(7);
    expect(rows.slice(1).every((row) => row.split(',')[2] === 'ok')).toBe(true);
  });
});
