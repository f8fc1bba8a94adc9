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

/** A component that workloads can drive directly. */
export interface OperationTarget {
  /**
   * Starts (or queues) `op`; calls `done` once when it completes. Throwing a
   * HelenError rejects a malformed operation (its message names the argument).
   */
  acceptOperation(op: Operation, done: () => void): void;
}

/** Type guard for components that accept operations. */
export function isOperationTarget(x: unknown): x is OperationTarget {
  return typeof (x as OperationTarget | null)?.acceptOperation === 'function';
}
