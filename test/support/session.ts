import { defaultSession } from '../../api/session.js';
import type { AnyComponentType, ComponentRegistry, Session } from '../../core/index.js';

/** The component types of a default session. */
export function defaultRegistry(): ComponentRegistry {
  return defaultSession().registry;
}

/** A default session whose component types pass through `change` (fault injection, instrumented factories). */
export function sessionWith(change: (t: AnyComponentType) => AnyComponentType): Session {
  const session = defaultSession();
  for (const t of session.registry.types()) {
    const changed = change(t);
    if (changed !== t) session.registry.replace(changed);
  }
  return session;
}
