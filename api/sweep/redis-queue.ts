import type { Job, Queue, QueueEvents } from 'bullmq';
import { HelenError } from '../../core/index.js';
import { internalErrorRow, type PointExecutor } from './local-pool.js';
import { isLacksPluginsReason, PLUGIN_MISSING } from './plugin-check.js';
import { disconnectNow, parseRedisUrl, probeRedis, ready, SWEEP_QUEUE } from './redis-connection.js';
import { closedWhileUp, DEFAULT_REDIS_TIMEOUT_MS, watchRedis, type RedisHealth } from './redis-health.js';
import type { PointResult, PointTask } from './types.js';

/** Options of the submitting side of a distributed sweep. */
export interface RedisQueueOptions {
  /** `redis://HOST:PORT`. */
  url: string;
  /** Tries of a point before it is reported as failed (a crash or an internal error counts; a located error does not). */
  attempts: number;
  /** Queue name (default `helen-sweep`); tests use their own. */
  queueName?: string;
  /** How often unfinished points are checked, in ms, in case an event was missed. */
  pollMs?: number;
  /** How long Redis may stay unreachable after start-up before the sweep stops with `E_REDIS`, ms (default 60 000). */
  timeoutMs?: number;
  /** One line for each thing worth telling (Redis lost, back, points that vanished and were submitted again). */
  onNotice?: (message: string) => void;
}

interface Pending {
  task: PointTask;
  resolve: (row: PointResult) => void;
  reject: (e: HelenError) => void;
}

/** Unfinished points looked up per check: a bounded round trip however large the sweep. */
const POLL_BATCH = 200;

/**
 * Runs points on whatever `helen worker`s serve the queue. A point's job id is
 * its key, so submitting a sweep twice (or two sweeps sharing points) runs each
 * point once. Rows come back through queue events, with a periodic check of
 * unfinished jobs so a missed event never stalls the sweep.
 *
 * Redis failing after start-up: a lost server is one notice, and the sweep
 * stops with `E_REDIS` if it stays away longer than `timeoutMs` (the rows
 * already received are saved, so running the command again resumes). Jobs
 * that vanished (FLUSHALL, a restart without persistence) are found by the
 * periodic check and submitted again.
 */
export class RedisSweepQueue implements PointExecutor {
  // Everything is enqueued at once so any number of remote workers can start; the cap only bounds memory.
  readonly capacity = 10_000;
  private readonly pending = new Map<string, Pending>();
  private batch: PointTask[] = [];
  /** Keys waiting for their round trip or in it: not submitted twice, not taken for vanished. */
  private readonly batched = new Set<string>();
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private health: RedisHealth | undefined;
  private failure: HelenError | undefined;
  private polling = false;
  /** Where the next check of unfinished points starts, so every point is looked at in turn. */
  private cursor = 0;

  private constructor(
    private readonly jobs: typeof Job,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly attempts: number,
    pollMs: number,
    private readonly url: string,
    private readonly onNotice: (message: string) => void,
  ) {
    events.on('completed', ({ jobId, returnvalue }) => this.finish(jobId, parseReturn(returnvalue)));
    events.on('failed', ({ jobId }) => void this.check(jobId).catch(() => {}));
    this.timer = setInterval(() => void this.poll(), pollMs);
  }

  /** Connects to Redis (failing clearly if it is unreachable) and starts listening for results. */
  static async connect(options: RedisQueueOptions): Promise<RedisSweepQueue> {
    await probeRedis(options.url);
    // BullMQ is loaded only by distributed sweeps: every other command starts without it.
    const { Job, Queue, QueueEvents } = await import('bullmq');
    const connection = parseRedisUrl(options.url);
    const name = options.queueName ?? SWEEP_QUEUE;
    const queue = new Queue(name, { connection });
    // Short blocking reads: BullMQ's watchdog of a read (10 s by default) would keep a failed sweep's process alive that long.
    const events = new QueueEvents(name, { connection, blockingTimeout: 2000 });
    // Without listeners BullMQ prints every failed reconnect as a stack trace; the health watch reports instead.
    queue.on('error', () => {});
    events.on('error', () => {});
    try {
      await ready(queue, options.url);
      await ready(events, options.url);
    } catch (e) {
      await Promise.allSettled([queue.close(), events.close()]);
      throw e;
    }
    const onNotice = options.onNotice ?? (() => {});
    const self = new RedisSweepQueue(
      Job,
      queue,
      events,
      options.attempts,
      options.pollMs ?? 1000,
      options.url,
      onNotice,
    );
    self.health = await watchRedis({
      url: options.url,
      timeoutMs: options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS,
      onNotice,
      // A restart may have lost every job: look at all unfinished points now.
      onBack: () => void self.poll(Infinity),
      onGiveUp: (e) =>
        self.fail(
          new HelenError(
            e.code,
            `${e.message}; the points finished so far are saved in the output folder: run the same command again to resume`,
          ),
        ),
    });
    return self;
  }

  run(task: PointTask): Promise<PointResult> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.pending.set(task.key, { task, resolve, reject });
      this.submit(task);
    });
  }

  /** Queues a point for the next round trip (once, however often it is asked for). */
  private submit(task: PointTask): void {
    if (this.batched.has(task.key)) return;
    this.batched.add(task.key);
    this.batch.push(task);
    // Points submitted in the same tick go to Redis in one round trip.
    this.flushing ??= Promise.resolve().then(() =>
      // A failed round trip loses nothing: its points stay pending and the periodic check submits them again.
      this.flush().catch(() => {}),
    );
  }

  /** Stops the sweep: every unfinished point rejects with `e`. */
  private fail(e: HelenError): void {
    this.failure ??= e;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }

  private async flush(): Promise<void> {
    const tasks = this.batch;
    this.batch = [];
    this.flushing = undefined;
    try {
      await this.add(tasks);
    } finally {
      for (const t of tasks) this.batched.delete(t.key);
    }
  }

  private async add(tasks: PointTask[]): Promise<void> {
    // A job kept from an earlier, finally failed try would swallow the new submission of the same id.
    await Promise.all(
      tasks.map(async (t) => {
        const old = await this.jobs.fromId(this.queue, t.key);
        if (old && (await old.getState()) === 'failed') await old.remove();
      }),
    );
    await this.queue.addBulk(
      tasks.map((t) => ({
        name: 'point',
        data: t,
        opts: {
          jobId: t.key,
          attempts: this.attempts,
          backoff: { type: 'fixed', delay: 500 },
          removeOnComplete: { age: 3600 },
          removeOnFail: { age: 24 * 3600 },
        },
      })),
    );
  }

  private finish(jobId: string, row: PointResult | undefined): void {
    const p = this.pending.get(jobId);
    if (!p || !row) return;
    this.pending.delete(jobId);
    p.resolve(row);
  }

  /** Looks a job up: finished ones resolve their point; a final failure becomes an error row with the reason. */
  private async check(jobId: string): Promise<string | undefined> {
    const p = this.pending.get(jobId);
    if (!p) return undefined;
    const state = await this.queue.getJobState(jobId);
    if (state !== 'completed' && state !== 'failed') return state;
    // Read after the state is final: a job read first may hold the fields of an earlier try.
    const job = await this.jobs.fromId<PointTask, PointResult>(this.queue, jobId);
    if (!job) return 'unknown';
    if (state === 'completed') this.finish(jobId, parseReturn(job.returnvalue));
    // A worker refusing a point for a missing plug-in is a set-up problem, not the point failing: say so.
    else if (isLacksPluginsReason(job.failedReason))
      this.finish(
        jobId,
        internalErrorRow(p.task, `${job.failedReason} (refused ${job.attemptsMade} time(s))`, PLUGIN_MISSING),
      );
    else
      this.finish(
        jobId,
        internalErrorRow(
          p.task,
          `failed ${job.attemptsMade} time(s), giving up: ${job.failedReason}`,
          'E_POINT_FAILED',
        ),
      );
    return state;
  }

  /**
   * Checks up to `limit` unfinished points, in turn: a finished one is
   * resolved (its event may have been missed) and one Redis no longer knows
   * (FLUSHALL, a restart without persistence) is submitted again.
   */
  private async poll(limit = POLL_BATCH): Promise<void> {
    if (this.polling || this.failure || this.health?.down) return;
    this.polling = true;
    try {
      const all = [...this.pending.keys()];
      if (this.cursor >= all.length) this.cursor = 0;
      const ids = all.slice(this.cursor, this.cursor + Math.min(limit, all.length));
      this.cursor += ids.length;
      const states = await Promise.allSettled(ids.map((id) => this.check(id)));
      const vanished = ids.filter((id, k) => {
        const s = states[k];
        return s?.status === 'fulfilled' && s.value === 'unknown' && !this.batched.has(id);
      });
      if (!vanished.length) return;
      this.onNotice(
        `${vanished.length} point(s) vanished from Redis at ${this.url} (flushed, or restarted without persistence): submitted again`,
      );
      for (const id of vanished) {
        const p = this.pending.get(id);
        if (p) this.submit(p.task);
      }
    } finally {
      this.polling = false;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    const health = this.health;
    const graceful = async (): Promise<void> => {
      await this.flushing;
      await Promise.allSettled([this.events.close(), this.queue.close()]);
    };
    // Redis gone (or going while closing): a graceful close would wait for it forever.
    if (this.failure || !health || !(await closedWhileUp(health, graceful())))
      await disconnectNow(this.events, this.queue);
    health?.stop();
  }
}

function parseReturn(value: unknown): PointResult | undefined {
  const v = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return v && typeof v === 'object' && 'key' in v ? (v as PointResult) : undefined;
}
