import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/helen.js');
const FIX = join(ROOT, 'test/fixtures/plugins');
const TOY = join(FIX, 'toy.js');
const CHIP = join(FIX, 'toy-chip.yaml');
const TICKS = join(FIX, 'ticks.toy');
const STACK = /\n\s+at .+:\d+:\d+/;

function helen(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `helen --plugin toy.js ARGS`. */
const withToy = (...args: string[]) => helen(['--plugin', TOY, ...args]);

/** A temporary folder holding a copy of the toy architecture, workload and sweep. */
function toyFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'helen-plugins-'));
  for (const f of ['toy-chip.yaml', 'toy-chip-fast.yaml', 'ticks.toy', 'toy-sweep.yaml'])
    cpSync(join(FIX, f), join(dir, f));
  return dir;
}

describe('plug-ins reach every command', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/cli/main.js')))
      throw new Error('dist/ is missing: the test command builds first (npm test)');
  });

  it('run reads a plug-in format, runs its type through its driver and draws its report view', () => {
    const dir = toyFolder();
    const r = withToy('run', CHIP, TICKS, '--json', '--report', join(dir, 'report.html'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect([j.cycles, j.energy_pj, j.operations]).toEqual([14, 10.5, 2]);
    expect(j.phases.map((p: { name: string }) => p.name)).toEqual(['ticks']);
    expect(j.components.counter).toMatchObject({ type: 'toy.counter', counters: { ticks: 7 } });
    expect(j.workload_summary.metrics[0]).toMatchObject({ name: 'toy_ticks', value: 7 });
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('toy view: 7 ticks');
    // `helen report` draws the view from the saved result when the plug-in is loaded.
    writeFileSync(join(dir, 'report.json'), r.stdout);
    expect(withToy('report', join(dir, 'report.json'), '-o', join(dir, 'again.html')).code).toBe(0);
    expect(readFileSync(join(dir, 'again.html'), 'utf8')).toContain('toy view: 7 ticks');
  });

  it('without the plug-in its types and formats are unknown', () => {
    const r = helen(['validate', CHIP]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/toy\.counter/);
    expect(helen(['run', CHIP, TICKS]).stderr).toMatch(/no reader takes \.toy files/);
  });

  it('compare and validate', () => {
    const c = withToy('compare', CHIP, join(FIX, 'toy-chip-fast.yaml'), TICKS, '--json');
    expect(c.code).toBe(0);
    expect(JSON.parse(c.stdout).total).toMatchObject({ name: 'total', speedup: 2 });
    const v = withToy('validate', CHIP);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/toy-chip\.yaml: ok \(1 components\)/);
  });

  it('list shows and documents plug-in types; --formats and --plugins name the plug-in behind each', () => {
    expect(withToy('list').stdout).toMatch(/toy\.counter\s+a toy counter from the test plug-in/);
    const doc = withToy('list', 'toy.counter').stdout;
    expect(doc).toMatch(/tick\s+count `count` ticks/);
    expect(doc).toMatch(/ticks\s+ticks counted \(ticks\)/);
    const formats = withToy('list', '--formats').stdout;
    expect(formats).toMatch(/^\s+toy\s+\.toy\s+toy-ticks\s+helen-toy\s+toy tick counts/m);
    expect(formats).toMatch(/^\s+toy-ticks\s+toy-ticks\s+helen-toy\s+/m);
    expect(formats).toMatch(/^\s+op-trace\s+\.jsonl .ndjson\s+op-trace\s+helen-\w+/m);
    expect(formats).toMatch(/^\s+toy_view\s+helen-toy\s+/m);
    const j = JSON.parse(withToy('list', '--formats', '--plugins', '--json').stdout);
    expect(j.formats.readers).toContainEqual({
      format: 'toy',
      extensions: ['.toy'],
      produces: 'toy-ticks',
      plugin: 'helen-toy',
      description: 'toy tick counts (test plug-in)',
    });
    expect(j.plugins.at(-1)).toEqual({
      name: 'helen-toy',
      source: TOY,
      description: expect.stringMatching(/test plug-in/),
    });
    expect(j.plugins[0].source).toBeNull();
    expect(
      withToy('list', '--plugins')
        .stdout.split('\n')
        .find((l) => l.trim().startsWith('helen-toy ')),
    ).toContain(TOY);
  });

  it('schema includes plug-in types, for architectures and for include bodies (--part)', () => {
    const whole = JSON.parse(withToy('schema').stdout);
    expect(whole.definitions['params.toy.counter'].properties.energy_per_tick.description).toMatch(/\[pJ\]/);
    expect(whole.definitions.component.properties.type.enum).toContain('toy.counter');
    const part = JSON.parse(withToy('schema', '--part').stdout);
    expect(part.title).toBe('Helen architecture part');
    expect(part.definitions['params.toy.counter']).toBeDefined();
    expect(JSON.parse(helen(['schema']).stdout).definitions['params.toy.counter']).toBeUndefined();
  });

  it('verify checks the properties a plug-in type declares', () => {
    const r = withToy('verify', CHIP, '--runs', '3', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.passed).toBe(true);
    expect(j.properties).toContainEqual(
      expect.objectContaining({
        property: 'toy.counter: the toy ticks counter equals the sum of the counts',
        component: 'counter',
        status: 'passed',
        runs: 3,
      }),
    );
  });

  it('sweep runs plug-in points on 2 pool threads, which load the plug-in themselves', () => {
    const dir = toyFolder();
    const r = withToy('sweep', join(dir, 'toy-sweep.yaml'), '--workers', '2', '--out', join(dir, 'out'), '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ points: 3, ok: 3, failed: 0 });
    const rows = readFileSync(join(dir, 'out/results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .sort((a, b) => a.index - b.index);
    expect(rows.map((x) => x.metrics)).toEqual(
      [7, 14, 21].map((cycles) => ({ cycles, energy_pj: 10.5, 'components.counter.counters.ticks': 7 })),
    );
  });

  it('a helen.config.mjs found upward from the working directory loads plug-ins by relative path and inline, for every command and the pool threads', () => {
    const dir = toyFolder();
    const sub = join(dir, 'deeper');
    mkdirSync(sub);
    writeFileSync(
      join(dir, 'helen.config.mjs'),
      `export default { plugins: [${JSON.stringify(relative(dir, TOY))}, { name: 'inline-extra', description: 'written in the config file', register() {} }] };\n`,
    );
    const listed = JSON.parse(helen(['list', '--plugins', '--json'], sub).stdout).plugins.slice(-2);
    expect(listed).toEqual([
      { name: 'helen-toy', source: TOY, description: expect.any(String) },
      { name: 'inline-extra', source: join(dir, 'helen.config.mjs'), description: 'written in the config file' },
    ]);
    const run = helen(['run', join(dir, 'toy-chip.yaml'), join(dir, 'ticks.toy'), '--json'], sub);
    expect(JSON.parse(run.stdout).cycles).toBe(14);
    const sweep = helen(
      ['sweep', join(dir, 'toy-sweep.yaml'), '--workers', '2', '--out', join(dir, 'out'), '--json'],
      sub,
    );
    expect(sweep.stderr).toBe('');
    expect(JSON.parse(sweep.stdout)).toMatchObject({ ok: 3, failed: 0 });
    // Naming the same module again with --plugin loads it once; --no-config ignores the file.
    expect(helen(['--plugin', TOY, 'list', '--plugins'], sub).code).toBe(0);
    expect(helen(['--no-config', 'list', '--plugins'], sub).stdout).not.toContain('helen-toy');
  });

  it('a package name is found in node_modules through its ESM-only exports map', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helen-plugins-'));
    const pkg = join(dir, 'node_modules/@toys/helen-toy');
    mkdirSync(join(pkg, 'lib'), { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({
        name: '@toys/helen-toy',
        type: 'module',
        exports: { '.': { types: './lib/index.d.ts', import: './lib/index.js' } },
      }),
    );
    writeFileSync(join(pkg, 'lib/index.js'), `export { default } from ${JSON.stringify(TOY)};\n`);
    const r = helen(['--plugin', '@toys/helen-toy', 'list', '--plugins', '--json'], dir);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).plugins.at(-1)).toMatchObject({ name: 'helen-toy', source: join(pkg, 'lib/index.js') });
    const missing = helen(['--plugin', '@toys/helen-toy/extra', 'list'], dir);
    expect(missing.stderr.trim()).toMatch(/does not export "\.\/extra" for import .*\[E_PLUGIN\]$/);
  });

  it('a module that is not a plug-in, or fails to load, is one clear line without a stack trace', () => {
    const bad = helen(['--plugin', join(FIX, 'bad-export.js'), 'list']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      `${join(FIX, 'bad-export.js')} is not a Helen plug-in: expected a default export (or a named export "plugin") made with definePlugin({ name, register(session) }) from 'helen'; it exports a default, "notAPlugin" [E_PLUGIN]\n`,
    );
    const broken = helen(['--plugin', join(FIX, 'broken.js'), 'run', CHIP, TICKS]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe(
      `cannot load plug-in ${join(FIX, 'broken.js')}: boom while loading the toy plug-in [E_PLUGIN]\n`,
    );
    const absent = helen(['--plugin', './no-such-plugin.js', 'list']);
    expect(absent.stderr).toBe(`plug-in module ${join(ROOT, 'no-such-plugin.js')} does not exist [E_PLUGIN]\n`);
    for (const r of [bad, broken, absent]) expect(r.stderr).not.toMatch(STACK);
  });

  it('two plug-ins recognising the same file: an error naming both; --format chooses (run and sweep)', () => {
    const twin = ['--plugin', TOY, '--plugin', join(FIX, 'toy-twin.js')];
    const both = helen([...twin, 'run', CHIP, TICKS]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain(
      'this file could be read as "toy" (helen-toy) or "toy-twin" (helen-toy-twin); name one with --format toy',
    );
    expect(JSON.parse(helen([...twin, 'run', CHIP, TICKS, '--format', 'toy-twin', '--json']).stdout).cycles).toBe(2);
    expect(
      JSON.parse(helen([...twin, 'compare', CHIP, CHIP, TICKS, '--format', 'toy', '--json']).stdout).total.a.cycles,
    ).toBe(14);
    const dir = toyFolder();
    const sweep = helen([
      ...twin,
      'sweep',
      join(dir, 'toy-sweep.yaml'),
      '--workers',
      '2',
      '--format',
      'toy-twin',
      '--out',
      join(dir, 'out'),
      '--json',
    ]);
    expect(sweep.stderr).toBe('');
    expect(JSON.parse(sweep.stdout)).toMatchObject({ ok: 3 });
    const rows = readFileSync(join(dir, 'out/results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((x) => x.metrics['components.counter.counters.ticks'])).toEqual([1, 1, 1]);
  });
});
