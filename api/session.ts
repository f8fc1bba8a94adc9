import { builtinPlugins } from '../components/index.js';
import { Session, type HelenPlugin } from '../core/index.js';

export { Session };

/** A session with every family Helen ships, then `plugins` (each with the module it came from, for messages). */
export function defaultSession(plugins: readonly { plugin: HelenPlugin; source?: string }[] = []): Session {
  const session = new Session();
  for (const p of builtinPlugins) session.use(p);
  for (const p of plugins) session.use(p.plugin, p.source);
  return session;
}
