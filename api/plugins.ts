import { pathToFileURL } from 'node:url';
import { HelenError, type HelenPlugin, type Session } from '../core/index.js';
import { defaultSession } from './session.js';

/** A plug-in a session loaded from a module: enough for another thread or process to load it again. */
export interface PluginRecord {
  name: string;
  /** Absolute path of the module it came from (a plug-in module, or the helen.config file listing it). */
  source: string;
}

/** A plug-in with the module it came from, as `defaultSession` takes them. */
export interface SourcedPlugin {
  plugin: HelenPlugin;
  source: string;
}

const EXPECTED =
  'expected a default export (or a named export "plugin") made with definePlugin({ name, register(session) }) from \'helen\'';

/** Whether `value` has the shape of a plug-in. */
export function isPlugin(value: unknown): value is HelenPlugin {
  const p = value as Partial<HelenPlugin> | null | undefined;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.name === 'string' &&
    p.name !== '' &&
    typeof p.register === 'function'
  );
}

/** Imports a user module (a plug-in or a config file); a failure names the module and says why. */
export async function importUserModule(file: string, what = 'plug-in'): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // A plug-in outside Helen's folder resolves 'helen' from its own node_modules.
    const hint = /Cannot find (package|module) 'helen'/.test(message)
      ? " (a plug-in outside Helen's own folder needs helen installed where it can import it: npm install helen)"
      : '';
    throw new HelenError('E_PLUGIN', `cannot load ${what} ${file}: ${message.split('\n')[0]}${hint}`);
  }
}

/** The plug-in a module exports: its default export, else its named export `plugin`. */
export function pluginOf(module: Record<string, unknown>, file: string): HelenPlugin {
  for (const candidate of [module['default'], module['plugin']]) if (isPlugin(candidate)) return candidate;
  const found = Object.keys(module).length
    ? `it exports ${Object.keys(module)
        .map((k) => (k === 'default' ? 'a default' : `"${k}"`))
        .join(', ')}`
    : 'it exports nothing';
  throw new HelenError('E_PLUGIN', `${file} is not a Helen plug-in: ${EXPECTED}; ${found}`);
}

/** Imports the plug-in module at `file` (an absolute path). */
export async function importPlugin(file: string): Promise<SourcedPlugin> {
  return { plugin: pluginOf(await importUserModule(file), file), source: file };
}

/** The plug-ins of `session` that came from modules (built-in families need no record: every thread has them). */
export function pluginRecords(session: Session): PluginRecord[] {
  return session.plugins.flatMap((p) => (p.source === undefined ? [] : [{ name: p.name, source: p.source }]));
}

/**
 * The records other threads need to rebuild `session`; a plug-in added
 * without a module (`session.use(plugin)` in a script) cannot be sent there,
 * which is said here rather than as "unknown component type" in every point.
 */
export function shippablePluginRecords(session: Session): PluginRecord[] {
  const builtin = new Set(defaultSession().plugins.map((p) => p.name));
  const orphan = session.plugins.find((p) => p.source === undefined && !builtin.has(p.name));
  if (orphan) {
    throw new HelenError(
      'E_PLUGIN',
      `plug-in "${orphan.name}" was added without the module it comes from; points run in other threads, which load plug-ins from their modules: use session.use(plugin, '/absolute/path/of/its/module.js')`,
    );
  }
  return pluginRecords(session);
}

/**
 * Loads recorded plug-ins again (in a pool thread). Each is looked up by name
 * in its module: the module's plug-in, or one listed in a config file's `plugins`.
 */
export async function loadRecordedPlugins(records: readonly PluginRecord[]): Promise<SourcedPlugin[]> {
  const modules = new Map<string, Promise<Record<string, unknown>>>();
  const out: SourcedPlugin[] = [];
  for (const r of records) {
    let module = modules.get(r.source);
    if (!module) modules.set(r.source, (module = importUserModule(r.source)));
    const m = await module;
    const listed = (m['default'] as { plugins?: unknown } | undefined)?.plugins;
    const candidates = [m['default'], m['plugin'], ...(Array.isArray(listed) ? listed : [])];
    const plugin = candidates.find((c): c is HelenPlugin => isPlugin(c) && c.name === r.name);
    if (!plugin) throw new HelenError('E_PLUGIN', `${r.source} no longer provides plug-in "${r.name}"`);
    out.push({ plugin, source: r.source });
  }
  return out;
}

/** A session with the built-in families and the recorded plug-ins, loaded from their modules. */
export async function sessionFromRecords(records: readonly PluginRecord[]): Promise<Session> {
  return defaultSession(await loadRecordedPlugins(records));
}
