import { HelenError, type SourceLocation } from '../errors.js';

/** One unit of work a workload addresses to a component (an MVM, a read, a compute burst). */
export interface Operation {
  /** Identifier from the workload (for dependencies and messages). */
  id: string;
  /** Operation name the target understands, e.g. `compute`, `read`. */
  name: string;
  /** Operation arguments from the workload (numbers, strings, arrays). */
  args: Readonly<Record<string, unknown>>;
  /** Phase (layer) the operation belongs to, if the workload names phases. */
  phase?: string;
}

/**
 * An error raised while issuing an operation, located at the workload record
 * that asked for it: `at(path)` places an error that names an argument (its
 * location holds only the argument's `path`) at that argument, `at()` at the
 * record. An error that already names its file is returned as it is.
 */
export function locateOperationError(e: unknown, at: (path?: string) => SourceLocation | undefined): unknown {
  if (!(e instanceof HelenError) || e.location?.file !== undefined) return e;
  const loc = at(e.location?.path);
  return loc ? new HelenError(e.code, e.message, { ...loc, ...e.location }) : e;
}
