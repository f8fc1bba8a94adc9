import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { HelenError, type Session } from '../core/index.js';
import { importPlugin, importUserModule, isPlugin, type SourcedPlugin } from '../api/plugins.js';
import { defaultSession } from '../api/session.js';

/** Project files naming the plug-ins to load, looked for from the working directory upward (first found wins). */
export const CONFIG_FILES = ['helen.config.js', 'helen.config.mjs'] as const;

/** Keys a config file's default export may have. */
const CONFIG_KEYS = ['plugins'];

/** The global options that choose plug-ins. */
export interface PluginFlags {
  /** `--plugin SPEC`, repeatable. */
  plugin?: string[];
  /** false with `--no-config`. */
  config?: boolean;
}

/** The nearest helen.config.js/.mjs from `dir` upward. */
export function findConfigFile(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    for (const name of CONFIG_FILES) if (existsSync(join(d, name))) return join(d, name);
    if (dirname(d) === d) return undefined;
  }
}

/** Whether `spec` names a file rather than a package: it starts with `.` or `/`, or a file of that name exists. */
function isPathSpec(spec: string, baseDir: string): boolean {
  return spec.startsWith('.') || isAbsolute(spec) || existsSync(resolve(baseDir, spec));
}

/**
 * The module file a plug-in SPEC names: a path resolved from `baseDir`, or a
 * package found in the node_modules of `baseDir` or a folder above it.
 */
export function resolvePluginSpec(spec: string, baseDir: string): string {
  if (isPathSpec(spec, baseDir)) {
    const file = resolve(baseDir, spec);
    if (!existsSync(file)) throw new HelenError('E_PLUGIN', `plug-in module ${file} does not exist`);
    return statSync(file).isDirectory() ? packageEntry(file, spec, '.') : file;
  }
  const m = /^((?:@[^/]+\/)?[^/]+)(\/.*)?$/.exec(spec);
  if (!m) throw new HelenError('E_PLUGIN', `"${spec}" is neither a path nor a package name`);
  const [, name, subpath] = m;
  for (let d = resolve(baseDir); ; d = dirname(d)) {
    const dir = join(d, 'node_modules', name!);
    if (existsSync(join(dir, 'package.json'))) return packageEntry(dir, spec, subpath ? `.${subpath}` : '.');
    if (dirname(d) === d) break;
  }
  throw new HelenError(
    'E_PLUGIN',
    `cannot find plug-in package "${name}" in node_modules from ${resolve(baseDir)} upward (install it with npm install ${name}, or give the path of its module)`,
  );
}

/** The file `import` loads for `subpath` of the package in `dir`, following its `exports` map, else `main`. */
function packageEntry(dir: string, spec: string, subpath: string): string {
  const pkgFile = join(dir, 'package.json');
  let pkg: { exports?: unknown; main?: string };
  try {
    pkg = existsSync(pkgFile) ? (JSON.parse(readFileSync(pkgFile, 'utf8')) as typeof pkg) : {};
  } catch (e) {
    throw new HelenError('E_PLUGIN', `cannot read ${pkgFile}: ${(e as Error).message}`);
  }
  let target: string | undefined;
  if (pkg.exports !== undefined) {
    const exp = pkg.exports;
    const bySubpath =
      typeof exp === 'object' && exp !== null && !Array.isArray(exp) && Object.keys(exp).some((k) => k.startsWith('.'));
    const entry = bySubpath ? (exp as Record<string, unknown>)[subpath] : subpath === '.' ? exp : undefined;
    target = exportTarget(entry);
    if (target === undefined)
      throw new HelenError(
        'E_PLUGIN',
        `package ${dir} does not export "${subpath}" for import (its package.json "exports" has no "import", "node" or "default" entry for it), needed by "${spec}"`,
      );
  } else {
    target = subpath === '.' ? (pkg.main ?? 'index.js') : subpath;
  }
  let file = resolve(dir, target);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.js');
  if (!existsSync(file))
    throw new HelenError('E_PLUGIN', `plug-in "${spec}" resolves to ${file}, which does not exist`);
  return file;
}

/** Node's condition matching for `import`: the first of `import`, `node`, `default` in the map's own order. */
function exportTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (Array.isArray(entry)) {
    for (const e of entry) {
      const t = exportTarget(e);
      if (t !== undefined) return t;
    }
    return undefined;
  }
  if (entry === null || typeof entry !== 'object') return undefined;
  for (const [condition, value] of Object.entries(entry)) {
    if (condition !== 'import' && condition !== 'node' && condition !== 'default') continue;
    const t = exportTarget(value);
    if (t !== undefined) return t;
  }
  return undefined;
}

/** The plug-ins a config file lists: module specs resolved from its folder, and plug-in objects written inline. */
export async function loadConfigFile(file: string): Promise<SourcedPlugin[]> {
  const module = await importUserModule(file, 'config file');
  const config = module['default'];
  const shape = "expected `export default { plugins: ['package-or-./path', pluginObject, …] }`";
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    throw new HelenError('E_PLUGIN', `${file}: ${shape}`, { file });
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.includes(key))
      throw new HelenError('E_PLUGIN', `${file}: unknown key "${key}"; ${shape}`, { file });
  }
  const list = (config as { plugins?: unknown }).plugins ?? [];
  if (!Array.isArray(list)) throw new HelenError('E_PLUGIN', `${file}: "plugins" must be a list; ${shape}`, { file });
  const out: SourcedPlugin[] = [];
  for (const [i, entry] of list.entries()) {
    if (typeof entry === 'string') out.push(await importPlugin(resolvePluginSpec(entry, dirname(file))));
    else if (isPlugin(entry)) out.push({ plugin: entry, source: file });
    else
      throw new HelenError(
        'E_PLUGIN',
        `${file}: plugins[${i}] is neither a module name or path nor a plug-in ({ name, register(session) })`,
        { file },
      );
  }
  return out;
}

/**
 * The plug-ins of one invocation: those of the nearest config file (unless
 * `--no-config`), then each `--plugin`; a module named twice is loaded once.
 */
export async function loadCliPlugins(flags: PluginFlags, cwd = process.cwd()): Promise<SourcedPlugin[]> {
  const found: SourcedPlugin[] = [];
  const config = flags.config === false ? undefined : findConfigFile(cwd);
  if (config) found.push(...(await loadConfigFile(config)));
  for (const spec of flags.plugin ?? []) {
    const file = resolvePluginSpec(spec, cwd);
    if (found.some((p) => p.source === file)) continue;
    found.push(await importPlugin(file));
  }
  return found;
}

/** The session of one invocation: Helen's families, then the plug-ins the flags and the config file name. */
export async function cliSession(flags: PluginFlags, cwd = process.cwd()): Promise<Session> {
  return defaultSession(await loadCliPlugins(flags, cwd));
}
