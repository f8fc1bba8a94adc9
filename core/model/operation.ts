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
