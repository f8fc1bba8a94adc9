import { HelenError } from '../errors.js';

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

/** Whether `x` accepts operations: its type declares some (dispatched by `issueOperation`), or it implements `acceptOperation`. */
export function isOperationTarget(x: unknown): boolean {
  const c = x as { declaration?: { operations?: object }; acceptOperation?: unknown } | null;
  return typeof c?.acceptOperation === 'function' || Object.keys(c?.declaration?.operations ?? {}).length > 0;
}

/** Reads a whole-number argument of an operation (or `fallback`), naming the argument when it is wrong. */
export function wholeArg(op: Operation, name: string, fallback?: number, min = 0): number {
  const v = op.args[name] ?? fallback;
  if (v === undefined) throw new HelenError('E_OP', `operation "${op.name}" needs argument "${name}" (a whole number)`);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw new HelenError('E_OP', `operation "${op.name}": argument "${name}" must be a whole number ≥ ${min}, got ${JSON.stringify(v)}`);
  }
  return v;
}
