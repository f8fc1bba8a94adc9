import type { Session } from '../core/index.js';
import { cliSession, resolvePluginSpec, type PluginFlags } from './plugins.js';

/** `--allow-dir DIR`, repeatable: folders architectures may read files from besides their own. */
export interface AllowFlags {
  allowDir?: string[];
}

/**
 * What every command of one invocation shares: the session (Helen's families
 * and the plug-ins loaded for this invocation), opened once before the
 * command's action runs.
 */
export class CliContext {
  private opened: Session | undefined;
  private flags: PluginFlags = {};

  /** Loads the plug-ins the global flags and the config file name, and builds the session. */
  async open(flags: PluginFlags & AllowFlags, cwd = process.cwd()): Promise<void> {
    this.flags = flags;
    const session = await cliSession(flags, cwd);
    for (const dir of flags.allowDir ?? []) session.allowDir(dir);
    this.opened = session;
  }

  /** The session of this invocation. */
  get session(): Session {
    if (!this.opened) throw new Error('the session is used before the command started');
    return this.opened;
  }

  /** `--plugin ABSOLUTE-PATH` for each `--plugin` given, for the commands a report tells the user to run. */
  pluginArgs(cwd = process.cwd()): string[] {
    return (this.flags.plugin ?? []).flatMap((spec) => ['--plugin', resolvePluginSpec(spec, cwd)]);
  }
}
