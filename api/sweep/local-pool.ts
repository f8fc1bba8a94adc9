import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { HelenError } from '../../core/index.js';
import type { PluginRecord } from '../plugins.js';
import type { PointResult, PointTask } from './types.js';
import type { WorkerTask } from './worker.js';

/** Somewhere points run: a thread pool here, or a queue feeding other machines. */
export interface PointExecutor {
  /** Resolves with the point's row; never rejects for a problem with the point itself. */
  run(task: PointTask): Promise<PointResult>;
  /** Points worth keeping in flight at once (the runner feeds no more). */
  readonly capacity: number;
  close(): Promise<void>;
}

/**
 * The compiled worker thread file. Threads load JavaScript, so when this module
 * runs from TypeScript sources (vitest) the file is taken from `dist/`.
 */
export function defaultWorkerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const file = here.endsWith('.ts')
    ? resolve(dirname(here), '../../dist/api/sweep/worker.js')
    : join(dirname(here), 'worker.js');
  if (!existsSync(file))
    throw new HelenError('E_SWEEP_WORKER', `the sweep worker ${file} is missing: build first (npm run build)`);
  return file;
}

/** A thread count the user chose, and how to name it in an error. */
export interface ThreadRequest {
  /** The option that set it (`--workers`, `--concurrency`). */
  option: string;
  /** Accept more threads than cores (`--allow-oversubscribe`). */
  allowOversubscribe?: boolean;
  /** Cores of the machine (default: os.availableParallelism()); tests pass their own. */
  cores?: number;
}

/**
 * Checks a thread count: a whole number ≥ 1 and, unless oversubscription is
 * asked for explicitly, at most the machine's cores. Each thread holds a whole
 * simulation, so threads beyond the cores only share them and add memory
 * (100 000 once started 900 threads and 4.7 GB in 18 s before anything ran).
 */
export function checkThreadCount(n: number, request: ThreadRequest): number {
  if (!Number.isInteger(n) || n < 1)
    throw new HelenError('E_USAGE', `${request.option} must be a whole number ≥ 1, got ${n}`);
  const cores = request.cores ?? availableParallelism();
  if (n > cores && !request.allowOversubscribe)
    throw new HelenError(
      'E_USAGE',
      `${request.option} ${n} is more than the ${cores} core(s) of this machine: each point runs in its own thread, so more threads only share the cores and use memory; give at most ${cores}, or add --allow-oversubscribe to start ${n} anyway`,
    );
  return n;
}

/** Options of the local pool. */
export interface LocalPoolOptions {
  /** Worker threads (default: every core). */
  workers?: number;
  /** Compiled worker file (default: defaultWorkerFile()). */
  workerFile?: string;
  /** Verify each point's files against the submitter's hash (remote workers). */
  checkFiles?: boolean;
  /** Name written in each row's `worker` column. */
  workerName?: string;
  /** Young-generation size of each thread's heap in MB (default 64; V8's default is 16–32). */
  youngGenerationMb?: number;
  /** Plug-ins each thread loads from their modules beside Helen's own families (default none). */
  plugins?: readonly PluginRecord[];
}

/**
 * Points allocate many short-lived objects (a model, a workload reader, events).
 * With V8's default young generation each thread scavenges every few
 * milliseconds, and the scavenger's helper threads then compete with the other
 * pool threads for the same cores: measured on 2 cores, a pool of 2 reached
 * about 1.6× the one-by-one rate with the default and about 1.95× with 64 MB
 * (docs/sweeps.md).
 */
const DEFAULT_YOUNG_GENERATION_MB = 64;

/** Runs points in worker threads (piscina), one point per thread at a time. */
export class LocalPool implements PointExecutor {
  readonly capacity: number;
  private readonly pool: Piscina<WorkerTask, PointResult>;
  private readonly checkFiles: boolean;
  private readonly workerName: string;
  private readonly plugins: PluginRecord[];

  constructor(options: LocalPoolOptions = {}) {
    const workers = options.workers ?? availableParallelism();
    if (!Number.isInteger(workers) || workers < 1)
      throw new HelenError('E_VALUE', `--workers must be a whole number ≥ 1, got ${workers}`);
    this.pool = new Piscina({
      filename: pathToFileURL(options.workerFile ?? defaultWorkerFile()).href,
      minThreads: workers,
      maxThreads: workers,
      concurrentTasksPerWorker: 1,
      // Simulations are synchronous and CPU-bound; idle threads stay to avoid reloading modules between points.
      idleTimeout: 60_000,
      resourceLimits: { maxYoungGenerationSizeMb: options.youngGenerationMb ?? DEFAULT_YOUNG_GENERATION_MB },
    });
    this.capacity = workers * 2;
    this.checkFiles = options.checkFiles ?? false;
    this.workerName = options.workerName ?? 'local';
    this.plugins = [...(options.plugins ?? [])];
  }

  /** Runs a point; a crash of the thread or a bug in a model becomes an `E_INTERNAL` row, not a lost sweep. */
  async run(task: PointTask): Promise<PointResult> {
    try {
      return await this.runOrThrow(task);
    } catch (e) {
      return internalErrorRow(task, e);
    }
  }

  /** Like run, but unexpected failures reject (a queue retries them). */
  runOrThrow(task: PointTask): Promise<PointResult> {
    return this.pool.run({ task, checkFiles: this.checkFiles, worker: this.workerName, plugins: this.plugins });
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/** A row for a point whose run threw something other than a HelenError. */
export function internalErrorRow(task: PointTask, e: unknown, code = 'E_INTERNAL'): PointResult {
  const message = e instanceof Error ? e.message : String(e);
  return {
    key: task.key,
    index: task.index,
    params: task.params,
    status: 'error',
    metrics: Object.fromEntries(task.metrics.map((m) => [m, null])),
    wall_s: 0,
    error_code: code,
    error: `${message} [${code}]`,
  };
}
