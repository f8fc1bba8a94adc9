import { elaborate, HelenError, HelenErrors, loadArchitecture } from '../../core/index.js';
import { shippablePluginRecords } from '../plugins.js';
import { defaultSession, type Session } from '../session.js';
import { lockFolder } from './folder-lock.js';
import { LocalPool, type PointExecutor } from './local-pool.js';
import { baseFilesHash, sweepPoints } from './points.js';
import { ResultsStore } from './results-store.js';
import { loadSweepFile } from './sweep-file.js';
import { summarise, type SweepSummary } from './summary.js';
import type { PointResult, PointTask, SweepSpec } from './types.js';

/** Where a sweep stands, told after every finished point. */
export interface SweepProgress {
  /** Points finished in this run. */
  done: number;
  /** Points this run has to do (already-done ones excluded). */
  total: number;
  failed: number;
}

/** What to sweep, where to write and where to run. */
export interface SweepOptions {
  /** The sweep file. */
  sweepFile: string;
  /** Output folder (results.csv, results.jsonl, pareto.svg, summary.txt), or how to name it from the loaded sweep. */
  outDir: string | ((spec: SweepSpec) => string);
  /** Worker threads of the local pool when no executor is given (default: every core). */
  workers?: number;
  /** Where points run (default: a local pool); the runner closes it. */
  executor?: PointExecutor;
  /** Run again the points whose stored row is an error. */
  retryErrors?: boolean;
  /** Component types, readers and drivers (default: everything Helen ships); its plug-ins must come from modules, which the pool threads and workers load. */
  session?: Session;
  /** Workload format of every point (overrides the sweep file's `format:`). */
  format?: string;
  onProgress?: (p: SweepProgress) => void;
  /** Told once the points are known, before any runs. */
  onStart?: (info: { spec: SweepSpec; points: number; alreadyDone: number; toRun: number; skipped: number }) => void;
}

/** The outcome of a sweep: the summary and the rows of its points in point order. */
export interface SweepOutcome extends SweepSummary {
  spec: SweepSpec;
  /** The output folder written. */
  outDir: string;
  rows: PointResult[];
  /** Points that ran in this invocation (the others were done before). */
  ran: number;
}

/**
 * Runs a sweep: loads and checks the file, expands the points, skips those
 * already in the output folder, runs the rest on the executor (appending each
 * row as it arrives) and writes the CSV and the summary.
 */
export async function runSweep(options: SweepOptions): Promise<SweepOutcome> {
  let prepared;
  try {
    prepared = prepare(options);
  } catch (e) {
    await options.executor?.close();
    throw e;
  }
  const { lock, ...rest } = prepared;
  try {
    return await runPrepared(options, rest);
  } finally {
    lock.release();
  }
}

/** The sweep once its file is loaded and its output folder is locked and read. */
async function runPrepared(
  options: SweepOptions,
  prepared: Omit<ReturnType<typeof prepare>, 'lock'>,
): Promise<SweepOutcome> {
  const { spec, tasks, skipped, outDir, store, plugins } = prepared;
  const isDone = (t: PointTask): boolean => {
    const row = store.get(t.key);
    return row !== undefined && (row.status === 'ok' || !options.retryErrors);
  };
  const todo = tasks.filter((t) => !isDone(t));
  options.onStart?.({
    spec,
    points: tasks.length,
    alreadyDone: tasks.length - todo.length,
    toRun: todo.length,
    skipped,
  });
  const keys = tasks.map((t) => t.key);
  const paths = spec.axes.flatMap((a) => a.paths);
  const executor = todo.length
    ? (options.executor ?? new LocalPool({ workers: options.workers, plugins }))
    : options.executor;
  const progress: SweepProgress = { done: 0, total: todo.length, failed: 0 };
  let lastCsv = Date.now();
  try {
    if (executor) {
      await runAll(todo, executor, (row) => {
        store.append(row);
        progress.done++;
        if (row.status !== 'ok') progress.failed++;
        options.onProgress?.({ ...progress });
        // The CSV is a convenience copy: refreshed now and then so a long sweep can be watched, always at the end.
        if (Date.now() - lastCsv > 5000) {
          store.writeCsv(keys, paths, spec.metrics);
          lastCsv = Date.now();
        }
      });
    }
  } finally {
    await executor?.close();
    store.writeCsv(keys, paths, spec.metrics);
  }
  const rows = tasks.map((t) => store.get(t.key)).filter((r): r is PointResult => r !== undefined);
  const summary = summarise(spec, rows, skipped, outDir);
  return { ...summary, spec, outDir, rows, ran: todo.length };
}

function prepare(options: SweepOptions) {
  const session = options.session ?? defaultSession();
  const plugins = options.session ? shippablePluginRecords(options.session) : [];
  const spec = loadSweepFile(options.sweepFile);
  if (options.format !== undefined) spec.format = options.format;
  const allowDirs = [...session.allowedDirs];
  const points = sweepPoints(spec, baseFilesHash(spec.architecture, spec.workload, allowDirs));
  // Each point names the plug-ins it needs, so a remote worker without one refuses it by name;
  // and the folders (--allow-dir) its architecture may read files from.
  const extra = { ...(plugins.length ? { plugins } : {}), ...(allowDirs.length ? { allowDirs } : {}) };
  const tasks = Object.keys(extra).length ? points.tasks.map((t) => ({ ...t, ...extra })) : points.tasks;
  if (tasks.length) preflight(spec, tasks[0]!, session);
  const outDir = typeof options.outDir === 'string' ? options.outDir : options.outDir(spec);
  // One sweep at a time per folder: two would each run every point and append it twice.
  const lock = lockFolder(outDir);
  try {
    return { spec, tasks, skipped: points.skipped, outDir, store: ResultsStore.open(outDir), plugins, lock };
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** Feeds the executor at most `capacity` points at a time, so a huge sweep never sits in memory as promises. */
async function runAll(
  tasks: readonly PointTask[],
  executor: PointExecutor,
  onRow: (row: PointResult) => void,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) onRow(await executor.run(tasks[next++]!));
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(executor.capacity, tasks.length)) }, lane));
}

/**
 * Elaborates the first point before anything runs: a misspelt `--set` path
 * fails every point the same way, so it is reported once, at its line in the
 * sweep file, instead of as a thousand error rows.
 */
function preflight(spec: SweepSpec, first: PointTask, session: Session): void {
  try {
    elaborate(loadArchitecture(spec.architecture, session.loadOptions()), {
      registry: session.registry,
      seed: spec.seed,
      overrides: new Map(first.overrides),
    });
  } catch (caught) {
    const e = caught instanceof HelenErrors ? caught.problems[0] : caught;
    // Only a wrong name is the same for every point; a value wrong for this point alone is that point's error row.
    if (
      !(e instanceof HelenError) ||
      (e.code !== 'E_UNKNOWN_KEY' && e.code !== 'E_EXPR') ||
      e.location?.file !== '--set'
    )
      return;
    const path = e.location.path ?? '';
    const axis = spec.axes.find((a) => a.paths.includes(path));
    const where = spec.fixedLoc.get(path) ?? axis?.loc ?? { file: spec.file };
    throw new HelenError(e.code, `override "${path}" fails for every point: ${e.message}`, where);
  }
}
