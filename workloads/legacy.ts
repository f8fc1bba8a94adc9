import type { Elaboration, HelenPlugin, Session, WorkloadDriver, WorkloadReader } from '../core/index.js';

/** MIGRATION ONLY (removed before this change lands): a reader that both parses and drives. */
export interface LegacyReader {
  format: string;
  description: string;
  matches(file: string): boolean;
  open(file: string, model: Elaboration): WorkloadDriver;
}

/** MIGRATION ONLY: registers old readers as a reader producing `legacy:FORMAT` and a driver that runs it anywhere. */
export function legacyPlugin(name: string, readers: readonly (LegacyReader | WorkloadReader<any>)[], exclude: (r: LegacyReader | WorkloadReader<any>, file: string) => boolean = () => false): HelenPlugin {
  return {
    name,
    register(session: Session) {
      for (const r of readers) {
        if (typeof (r as { read?: unknown }).read === 'function') {
          session.addReader(r as never);
          continue;
        }
        const kind = `legacy:${r.format}`;
        session.addReader({ format: r.format, description: r.description, produces: kind, extensions: ['.yaml', '.yml', '.csv', '.jsonl', '.bin', '.json', '.aer', '.txt', ''], recognises: (_head, file) => (r as LegacyReader).matches(file) && !exclude(r, file), read: (file) => ({ kind, file }) });
        session.addDriver({ name: r.format, description: r.description, accepts: kind, fits: () => true, open: (w, model) => (r as LegacyReader).open(w.file, model) });
      }
    },
  };
}
