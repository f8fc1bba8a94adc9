import { HelenError } from '../../core/index.js';
import { runSimulation } from '../run.js';
import type { Session } from '../session.js';
import { readMetric } from './metrics.js';
import { baseFilesHash } from './points.js';
import type { PointResult, PointTask } from './types.js';

/**
 * Runs one point to a result row. Problems with the point itself (an invalid
 * architecture, a workload that does not fit, a missing metric) are HelenErrors
 * and become an `error` row with the located message; anything else is a bug or
 * a crash and is thrown, so a queue may retry it.
 */
export function runPoint(
  task: PointTask,
  options: { session?: Session; worker?: string; checkFiles?: boolean } = {},
): PointResult {
  const t0 = performance.now();
  const row = (fields: Pick<PointResult, 'status' | 'metrics'> & Partial<PointResult>): PointResult => ({
    key: task.key,
    index: task.index,
    params: task.params,
    ...fields,
    wall_s: (performance.now() - t0) / 1000,
    worker: options.worker ?? 'local',
  });
  try {
    // A remote worker with another version of the files would return a different, silently wrong result.
    if (options.checkFiles && baseFilesHash(task.architecture, task.workload, task.allowDirs) !== task.baseHash) {
      throw new HelenError(
        'E_FILES_DIFFER',
        `this worker's copy of ${task.architecture} (with its includes) or ${task.workload} differs from the submitter's; run workers on the same version of the files`,
      );
    }
    const report = runSimulation({
      architecture: task.architecture,
      workload: task.workload,
      ...(task.format !== undefined ? { format: task.format } : {}),
      seed: task.seed,
      overrides: new Map(task.overrides),
      session: options.session,
    });
    const metrics: Record<string, number | string> = {};
    for (const m of task.metrics) metrics[m] = readMetric(report, m);
    if (report.stop.reason !== 'completed')
      throw new HelenError('E_INCOMPLETE', `the run stopped early: ${report.stop.message}`);
    return row({ status: 'ok', metrics });
  } catch (e) {
    if (!(e instanceof HelenError)) throw e;
    return row({
      status: 'error',
      metrics: Object.fromEntries(task.metrics.map((m) => [m, null])),
      error_code: e.code,
      error: e.format(),
    });
  }
}
