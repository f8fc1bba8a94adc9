import type { Job, Queue, QueueEvents } from 'bullmq';
import { internalErrorRow, type PointExecutor } from './local-pool.js';
import { isLacksPluginsReason, PLUGIN_MISSING } from './plugin-check.js';
import { parseRedisUrl, probeRedis, ready, SWEEP_QUEUE } from './redis-connection.js';
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
}

interface Pending {
  task: PointTask;
  resolve: (row: PointResult) => void;
}

/**
 * Runs points on whatever `helen worker`s serve the queue. A point's job id is
 * its key, so submitting a sweep twice (or two sweeps sharing points) runs each
 * point once. Rows come back through queue events, with a periodic check of
 * unfinished jobs so a missed event never stalls the sweep.
 */
export class RedisSweepQueue implements PointExecutor {
  // Everything is enqueued at once so any number of remote workers can start; the cap only bounds memory.
  readonly capacity = 10_000;
  private readonly pending = new Map<string, Pending>();
  private batch: PointTask[] = [];
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly jobs: typeof Job,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly attempts: number,
    pollMs: number,
  ) {
    events.on('completed', ({ jobId, returnvalue }) => this.finish(jobId, parseReturn(returnvalue)));
    events.on('failed', ({ jobId }) => void this.check(jobId));
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
    const events = new QueueEvents(name, { connection });
    try {
      await ready(queue, options.url);
      await ready(events, options.url);
    } catch (e) {
      await Promise.allSettled([queue.close(), events.close()]);
      throw e;
    }
    return new RedisSweepQueue(Job, queue, events, options.attempts, options.pollMs ?? 1000);
  }

  run(task: PointTask): Promise<PointResult> {
    return new Promise((resolve) => {
      this.pending.set(task.key, { task, resolve });
      this.batch.push(task);
      // Points submitted in the same tick go to Redis in one round trip.
      this.flushing ??= Promise.resolve().then(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    const tasks = this.batch;
    this.batch = [];
    this.flushing = undefined;
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
  private async check(jobId: string): Promise<void> {
    const p = this.pending.get(jobId);
    if (!p) return;
    const state = await this.queue.getJobState(jobId);
    if (state !== 'completed' && state !== 'failed') return;
    // Read after the state is final: a job read first may hold the fields of an earlier try.
    const job = await this.jobs.fromId<PointTask, PointResult>(this.queue, jobId);
    if (!job) return;
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
  }

  private async poll(): Promise<void> {
    const ids = [...this.pending.keys()].slice(0, 200);
    await Promise.allSettled(ids.map((id) => this.check(id)));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await Promise.allSettled([this.events.close(), this.queue.close()]);
  }
}

function parseReturn(value: unknown): PointResult | undefined {
  const v = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return v && typeof v === 'object' && 'key' in v ? (v as PointResult) : undefined;
}
