import type { PluginRecord } from '../plugins.js';
import type { PointTask } from './types.js';

/** Error code of a point no worker could run because each one that took it lacked a plug-in it needs. */
export const PLUGIN_MISSING = 'E_PLUGIN_MISSING';

/** The plug-ins a point needs that a worker with the plug-ins `loaded` (by name) does not have. */
export function missingPlugins(task: PointTask, loaded: ReadonlySet<string>): PluginRecord[] {
  return (task.plugins ?? []).filter((p) => !loaded.has(p.name));
}

/** Why `worker` refuses a point: which plug-ins it lacks, where the submitter loaded them from, and what to do. */
export function lacksPluginsMessage(worker: string, missing: readonly PluginRecord[]): string {
  const list = missing.map((p) => `"${p.name}" (from ${p.source})`).join(', ');
  return `worker ${worker} lacks plug-in ${list}; start helen worker with --plugin for it, or list it in the worker's helen.config.js`;
}

/** Whether a job's failure reason is a worker refusing it for a missing plug-in. */
export function isLacksPluginsReason(reason: string | undefined): boolean {
  return reason !== undefined && /^worker \S+ lacks plug-in /.test(reason);
}
