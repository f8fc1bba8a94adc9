import { elaborate, HelenError, HelenErrors, loadArchitecture } from '../core/index.js';
import { defaultSession, type Session } from './session.js';

/** The outcome of validating one file. */
export interface ValidationResult {
  file: string;
  ok: boolean;
  /** Located problems (formatted `file:line:col: path: message [code]`). */
  problems: HelenError[];
  /** Number of component instances, when the file elaborated. */
  components?: number;
}

/** Loads and elaborates architecture files without running them; every problem is reported. */
export function validateFiles(
  files: string[],
  options: { session?: Session; overrides?: ReadonlyMap<string, string> } = {},
): ValidationResult[] {
  const session = options.session ?? defaultSession();
  return files.map((file) => {
    try {
      const spec = loadArchitecture(file, session.loadOptions());
      const model = elaborate(spec, { registry: session.registry, overrides: options.overrides });
      return { file, ok: true, problems: [], components: model.sim.components.length };
    } catch (e) {
      if (e instanceof HelenErrors) return { file, ok: false, problems: e.problems };
      if (e instanceof HelenError) return { file, ok: false, problems: [e] };
      throw e;
    }
  });
}
