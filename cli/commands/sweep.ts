import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import {
  formatSummary,
  loadSweepFile,
  PARETO_SVG,
  RedisSweepQueue,
  RESULTS_CSV,
  RESULTS_JSONL,
  runSweep,
  startSweepWorker,
  SUMMARY_TXT,
  type SweepProgress,
} from '../../api/sweep/index.js';
import { checkThreadCount } from '../../api/sweep/local-pool.js';
import { DEFAULT_REDIS_TIMEOUT_MS } from '../../api/sweep/redis-health.js';
import { pluginRecords } from '../../api/plugins.js';
import type { CliContext } from '../context.js';
import { positiveWholeNumber } from '../options.js';

interface SweepFlags {
  redisTimeout: number;
  workers?: number;
  allowOversubscribe?: boolean;
  out?: string;
  redis?: string;
  retryErrors?: boolean;
  format?: string;
  json?: boolean;
}

interface WorkerFlags {
  redisTimeout: number;
  redis: string;
  concurrency: number;
  allowOversubscribe?: boolean;
  lockTimeout: number;
}

/** A sweep progress bar on stderr (done/total, rate, ETA); silent when stderr is not a terminal. */
function sweepProgressBar(enabled = process.stderr.isTTY === true && !process.env['CI']): {
  update: (p: SweepProgress) => void;
  stop: () => void;
} {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: '{bar} {value}/{total} points | {rate} points/s | ETA {eta_formatted} | {failed} failed',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const t0 = Date.now();
  let started = false;
  return {
    update: (p) => {
      const rate = (p.done / Math.max(0.001, (Date.now() - t0) / 1000)).toFixed(1);
      if (!started) {
        bar.start(p.total, 0, { rate, failed: 0 });
        started = true;
      }
      bar.update(p.done, { rate, failed: p.failed });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/** `--redis-timeout`, shared by the submitter and the worker; `then` says what happens at the deadline. */
function redisTimeoutOption(then: string): [string, string, (v: string) => number, number] {
  return [
    '--redis-timeout <S>',
    `seconds Redis may stay unreachable after start-up (lost, restarting) before ${then}`,
    positiveWholeNumber,
    DEFAULT_REDIS_TIMEOUT_MS / 1000,
  ];
}

export function registerSweep(program: Command, ctx: CliContext): void {
  program
    .command('sweep')
    .description(
      'run every point of a sweep file (in worker threads, or on helen workers through Redis); results.csv/.jsonl, Pareto table and chart',
    )
    .argument('<SWEEP>', 'sweep YAML file (docs/sweeps.md)')
    .option(
      '--workers <N>',
      'worker threads of the local pool, at most one per core (default: every core)',
      positiveWholeNumber,
    )
    .option('--allow-oversubscribe', 'accept --workers above the number of cores')
    .option('--out <DIR>', 'output folder (default: sweep-results/NAME); re-running skips the points already in it')
    .option('--redis <URL>', 'enqueue the points on redis://HOST:PORT for `helen worker`s instead of running them here')
    .option(...redisTimeoutOption('the sweep stops (the finished points are saved: run it again to resume)'))
    .option('--retry-errors', 'run again the points whose stored result is an error')
    .option('--format <NAME>', 'the workload\'s format (helen list --formats); overrides the sweep file\'s "format:"')
    .option('--json', 'print the summary as one JSON object')
    .action(async (file: string, flags: SweepFlags) => {
      if (flags.workers !== undefined)
        checkThreadCount(flags.workers, { option: '--workers', allowOversubscribe: flags.allowOversubscribe });
      const progress = sweepProgressBar();
      // The file is read here too for its `attempts`, which the queue needs before the sweep starts.
      const executor = flags.redis
        ? await RedisSweepQueue.connect({
            url: flags.redis,
            attempts: loadSweepFile(file).attempts,
            timeoutMs: flags.redisTimeout * 1000,
            onNotice: (m) => process.stderr.write(`helen sweep: ${m}\n`),
          })
        : undefined;
      let outcome;
      try {
        outcome = await runSweep({
          sweepFile: file,
          outDir: (spec) => flags.out ?? join('sweep-results', spec.name),
          workers: flags.workers,
          executor,
          retryErrors: flags.retryErrors,
          session: ctx.session,
          ...(flags.format !== undefined ? { format: flags.format } : {}),
          onStart: ({ spec, points, alreadyDone, toRun, skipped }) => {
            if (!flags.json)
              process.stderr.write(
                `${spec.name}: ${points} points (${skipped} skipped by constraints), ${alreadyDone} already done, ${toRun} to run${flags.redis && toRun ? ` on the workers of ${flags.redis} (start one with: helen worker --redis ${flags.redis})` : ''}\n`,
              );
          },
          onProgress: progress.update,
        });
      } finally {
        progress.stop();
      }
      const dir = outcome.outDir;
      if (flags.json) {
        const { spec, front, rows: _rows, outDir: _out, ...counts } = outcome;
        process.stdout.write(
          JSON.stringify(
            {
              name: spec.name,
              out: dir,
              ...counts,
              front: front.map((p) => ({ index: p.row.index, params: p.row.params, x: p.x, y: p.y })),
            },
            null,
            2,
          ) + '\n',
        );
      } else {
        process.stdout.write(formatSummary(outcome.spec, outcome));
        const files = [RESULTS_CSV, RESULTS_JSONL, SUMMARY_TXT, ...(outcome.spec.pareto ? [PARETO_SVG] : [])];
        process.stdout.write(`\nwrote ${files.map((f) => join(dir, f)).join(', ')}\n`);
      }
      if (outcome.failed) process.exitCode = 4;
    });

  program
    .command('worker')
    .description('take sweep points from a Redis queue (submitted by helen sweep --redis) until stopped')
    .requiredOption('--redis <URL>', 'redis://HOST:PORT of the queue')
    .option(
      '--concurrency <N>',
      'points run at once, each in its own thread; at most one per core',
      positiveWholeNumber,
      1,
    )
    .option('--allow-oversubscribe', 'accept --concurrency above the number of cores')
    .option(...redisTimeoutOption('the worker stops (its points go to other workers)'))
    .option(
      '--lock-timeout <S>',
      'seconds without a heartbeat after which a point of a dead worker is given to another',
      positiveWholeNumber,
      30,
    )
    .action(async (flags: WorkerFlags) => {
      // Redis gone for longer than --redis-timeout: the worker has stopped, and the command fails with that error.
      let fatal: ((e: Error) => void) | undefined;
      let early: Error | undefined;
      // Refused before connecting: a count the machine cannot serve is a mistake, not a request.
      checkThreadCount(flags.concurrency, { option: '--concurrency', allowOversubscribe: flags.allowOversubscribe });
      const plugins = pluginRecords(ctx.session);
      const worker = await startSweepWorker({
        url: flags.redis,
        concurrency: flags.concurrency,
        lockTimeoutMs: flags.lockTimeout * 1000,
        plugins,
        timeoutMs: flags.redisTimeout * 1000,
        onNotice: (m) => process.stderr.write(`helen worker: ${m}\n`),
        onGiveUp: (e) => (fatal ? fatal(e) : (early = e)),
      });
      const loaded = plugins.length ? `, plug-ins ${plugins.map((p) => p.name).join(', ')}` : '';
      process.stderr.write(
        `helen worker ${worker.name}: serving ${flags.redis} with ${flags.concurrency} thread(s)${loaded}; Ctrl-C to stop\n`,
      );
      await new Promise<void>((resolve, reject) => {
        if (early) return reject(early);
        fatal = reject;
        const stop = (): void => {
          process.stderr.write(`helen worker ${worker.name}: finishing the current points…\n`);
          void worker.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
