import { HelenError } from '../../core/index.js';
import { useNodeFileSystem } from '../node-file-system.js';
import { sessionFromRecords, type PluginRecord } from '../plugins.js';
import type { Session } from '../session.js';
import { internalErrorRow } from './local-pool.js';
import { runPoint } from './run-point.js';
import type { PointResult, PointTask } from './types.js';

/** Work a pool thread is given: the point, whether to verify its files against the submitter's hash, and the plug-ins to load. */
export interface WorkerTask {
  task: PointTask;
  checkFiles: boolean;
  worker: string;
  /** Plug-in modules the thread's session loads beside Helen's own families. */
  plugins: PluginRecord[];
}

// A pool thread is a fresh module graph: it installs Node's file system itself.
useNodeFileSystem();

// Component types and readers are stateless descriptions; one session per thread, plug-in list and allowed folders saves rebuilding them for every point.
const sessions = new Map<string, Promise<Session>>();

/** The pool thread's entry (piscina calls the default export); unexpected errors propagate to the pool. */
export default async function runPointInThread(work: WorkerTask): Promise<PointResult> {
  const allowDirs = work.task.allowDirs ?? [];
  const key = JSON.stringify([work.plugins ?? [], allowDirs]);
  let session = sessions.get(key);
  if (!session) {
    const made = sessionFromRecords(work.plugins ?? []).then((s) => allowDirs.reduce((t, d) => t.allowDir(d), s));
    sessions.set(key, (session = made));
  }
  try {
    await session;
  } catch (e) {
    // A plug-in that fails to load fails every point alike: a row naming it, not a crash retried as one.
    if (e instanceof HelenError) return { ...internalErrorRow(work.task, e.message, e.code), worker: work.worker };
    throw e;
  }
  return runPoint(work.task, { session: await session, worker: work.worker, checkFiles: work.checkFiles });
}
