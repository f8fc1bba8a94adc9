import type { RunProgress } from '../api/run.js';
import { formatTimePs } from '../core/index.js';

/** Where the bar is drawn and how: what `progressReporter` needs beyond the updates. */
export interface ProgressOptions {
  /** Draw at all (default: `progressWanted(undefined)`). */
  enabled?: boolean;
  /** Put before every line, e.g. `A` and `B` for the two runs of `compare`. */
  label?: string;
  /** Default: stderr. */
  stream?: NodeJS.WriteStream;
  /** Milliseconds now (default `Date.now`; tests pass their own). */
  clock?: () => number;
}

/** A progress display: fed a run's updates, stopped (and erased on a terminal) when the run ends. */
export interface ProgressReporter {
  update: (p: RunProgress) => void;
  stop: () => void;
}

/** Whether to show progress: `--progress`/`--no-progress` when given, else HELEN_PROGRESS=1/0, else on a terminal outside CI. */
export function progressWanted(flag: boolean | undefined, stream: NodeJS.WriteStream = process.stderr): boolean {
  if (flag !== undefined) return flag;
  const env = process.env['HELEN_PROGRESS'];
  if (env === '1' || env === '0') return env === '1';
  return stream.isTTY === true && !process.env['CI'];
}

/** Redraws a terminal line at most this often (a stage change is drawn at once). */
const TTY_INTERVAL_MS = 100;
/** Writes a line to a file or pipe at most this often within a stage (a stage change is written at once). */
const LOG_INTERVAL_MS = 1000;
const BAR_WIDTH = 20;

const count = (n: number): string => n.toLocaleString('en-US');

/** One line describing `p`: the stage, what it is at, and for the simulation a bar. */
export function progressLine(p: RunProgress): string {
  if (p.stage !== 'simulating') {
    const pct = p.fraction === undefined ? '' : ` (${Math.floor(p.fraction * 100)}%)`;
    return `${p.stage}${p.detail ? `: ${p.detail}` : ''}${pct}`;
  }
  const f = Math.min(1, Math.max(0, p.fraction ?? 0));
  const filled = Math.round(f * BAR_WIDTH);
  const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
  return `simulating ${bar} ${Math.floor(f * 100)}% | ${formatTimePs(p.nowPs)} simulated | ${count(p.events)} events | ${count(p.operations)} ops`;
}

/**
 * Shows a run's progress on stderr from its first stage (reading the
 * workload, loading and elaborating the architecture, preparing the
 * workload) to the end of the simulation. On a terminal it redraws one line
 * and erases it at the end; written to a file or pipe (forced with
 * `--progress` or HELEN_PROGRESS=1) it writes a line per stage and at most one
 * a second within a stage, so logs stay short. Silent unless enabled, so
 * machine-read output stays clean.
 */
export function progressReporter(options: ProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (!(options.enabled ?? progressWanted(undefined, stream))) return { update: () => {}, stop: () => {} };
  const tty = stream.isTTY === true;
  const prefix = options.label ? `${options.label}: ` : '';
  const clock = options.clock ?? Date.now;
  let stage: string | undefined;
  let last = 0;
  let drawn = false;
  return {
    update: (p) => {
      const now = clock();
      const changed = p.stage !== stage;
      if (!changed && now - last < (tty ? TTY_INTERVAL_MS : LOG_INTERVAL_MS)) return;
      stage = p.stage;
      last = now;
      const line = prefix + progressLine(p);
      if (tty) {
        stream.write(`\r\x1b[2K${line.slice(0, Math.max(20, (stream.columns ?? 80) - 1))}`);
        drawn = true;
      } else stream.write(`${line}\n`);
    },
    stop: () => {
      if (tty && drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
