import { defaultSession, type Session } from '../session.js';
import { runPoint } from './run-point.js';
import type { PointResult, PointTask } from './types.js';

/** Work a pool thread is given: the point, and whether to verify its files against the submitter's hash. */
export interface WorkerTask {
  task: PointTask;
  checkFiles: boolean;
  worker: string;
}

// Component types and readers are stateless descriptions; one per thread saves rebuilding them for every point.
let session: Session | undefined;

/** The pool thread's entry (piscina calls the default export); unexpected errors propagate to the pool. */
export default function runPointInThread(work: WorkerTask): PointResult {
  session ??= defaultSession();
  return runPoint(work.task, { session, worker: work.worker, checkFiles: work.checkFiles });
}
