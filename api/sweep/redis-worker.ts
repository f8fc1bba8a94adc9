import { hostname } from 'node:os';
import type { HelenError } from '../../core/index.js';
import type { PluginRecord } from '../plugins.js';
import { LocalPool } from './local-pool.js';
import { lacksPluginsMessage, missingPlugins } from './plugin-check.js';
import { disconnectNow, parseRedisUrl, probeRedis, ready, SWEEP_QUEUE } from './redis-connection.js';
import { closedWhileUp, DEFAULT_REDIS_TIMEOUT_MS, watchRedis } from './redis-health.js';
import type { PointResult, PointTask } from './types.js';

/** Options of `helen worker`. */
export interface SweepWorkerOptions {
  /** `redis://HOST:PORT` of the queue. */
  url: string;
  /** Points run at once, each in its own thread (default 1). */
  concurrency?: number;
  /** How long a point may go without this worker's heartbeat before another worker takes it over, ms (default 30 000). */
  lockTimeoutMs?: number;
  /** Queue name (default `helen-sweep`). */
  queueName?: string;
  /** Plug-ins this worker loaded (its --plugin and config file): its threads load them, and points needing others are refused. */
  plugins?: readonly PluginRecord[];
  /** Runs one point; throwing means "try again" (tests inject failures here; default: a thread pool). */
  runPoint?: (task: PointTask) => Promise<PointResult>;
  /** How long Redis may stay unreachable after start-up before the worker stops, ms (default 60 000). */
  timeoutMs?: number;
  /** One line when Redis is lost and one when it is back. */
  onNotice?: (message: string) => void;
  /** Redis stayed away longer than `timeoutMs`: the worker has stopped (its points go to other workers). */
  onGiveUp?: (e: HelenError) => void;
}

/** A running worker. */
export interface SweepWorker {
  /** `host:pid`, written in the rows it produces. */
  readonly name: string;
  /** Stops taking points, lets the current ones finish, and disconnects. */
  close(): Promise<void>;
}

/**
 * Serves the sweep queue. Points run in worker threads, so this thread stays
 * free to renew BullMQ's job locks however long a point takes; if the process
 * dies, its locks lapse and BullMQ's stalled-job check hands the points to
 * another worker.
 */
export async function startSweepWorker(options: SweepWorkerOptions): Promise<SweepWorker> {
  await probeRedis(options.url);
  // BullMQ is loaded only by distributed sweeps: every other command starts without it.
  const { Worker } = await import('bullmq');
  const connection = parseRedisUrl(options.url);
  const concurrency = options.concurrency ?? 1;
  const lockDuration = options.lockTimeoutMs ?? 30_000;
  const name = `${hostname()}:${process.pid}`;
  const plugins = options.plugins ?? [];
  const loaded = new Set(plugins.map((p) => p.name));
  const pool = options.runPoint
    ? undefined
    : new LocalPool({ workers: concurrency, checkFiles: true, workerName: name, plugins });
  const run = options.runPoint ?? ((task: PointTask) => pool!.runOrThrow(task));
  const serve = async (task: PointTask): Promise<PointResult> => {
    // Refused, not run: without the plug-in every type it adds is unknown here. The failure gives the point to another try, maybe on a worker that has it.
    const missing = missingPlugins(task, loaded);
    if (missing.length) throw new Error(lacksPluginsMessage(name, missing));
    return run(task);
  };
  const worker = new Worker<PointTask, PointResult>(options.queueName ?? SWEEP_QUEUE, (job) => serve(job.data), {
    connection,
    concurrency,
    lockDuration,
    stalledInterval: Math.max(250, Math.floor(lockDuration / 2)),
    maxStalledCount: 2,
    name,
  });
  // Without a listener an 'error' event would be thrown; connection hiccups are retried by ioredis.
  worker.on('error', () => {});
  try {
    await ready(worker, options.url);
  } catch (e) {
    await Promise.allSettled([worker.close(true), pool?.close()]);
    throw e;
  }
  /**
   * Drops the worker without waiting for a Redis that is gone: a forced close
   * stops BullMQ's lock and stalled-job timers (which would keep the process
   * alive), and the connections are dropped directly, since that close may
   * never finish. The points in hand lapse to other workers.
   */
  const abandon = async (): Promise<void> => {
    void worker.close(true).catch(() => {});
    await Promise.allSettled([disconnectNow(worker), pool?.close()]);
  };
  let gaveUp = false;
  const health = await watchRedis({
    url: options.url,
    timeoutMs: options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS,
    ...(options.onNotice ? { onNotice: options.onNotice } : {}),
    onGiveUp: (e) => {
      gaveUp = true;
      void abandon().then(() => options.onGiveUp?.(e));
    },
  });
  return {
    name,
    close: async () => {
      if (gaveUp) return health.stop();
      // With Redis unreachable a graceful close (which finishes the current points first) would wait for it forever.
      if (health.down || !(await closedWhileUp(health, worker.close()))) await abandon();
      else await pool?.close();
      health.stop();
    },
  };
}
