import type { SourceLocation } from '../../core/index.js';
import type { PluginRecord } from '../plugins.js';

/** A value a swept parameter takes; handed to the simulator as `--set` text. */
export type ParamValue = number | string | boolean;

/** One design point: parameter path (as for `--set`) → value. */
export type PointParams = Record<string, ParamValue>;

/** One dimension of the design space: paths that vary together, one tuple of values per step. */
export interface SweepAxis {
  /** `--set` paths this axis sets, in file order. */
  paths: string[];
  /** Each tuple holds one value per path. */
  tuples: ParamValue[][];
  /** Where the axis was declared, for error messages. */
  loc: SourceLocation;
}

/** A condition over a point's parameters; points for which it is false are skipped. */
export interface SweepConstraint {
  /** The text as written, e.g. `adc_bits >= log2(xbar_size) - 2`. */
  text: string;
  loc: SourceLocation;
}

/** Whether a metric is better small or large. */
export type Goal = 'min' | 'max';

/** The two metrics the Pareto front is drawn over. */
export interface ParetoSpec {
  x: string;
  y: string;
  xGoal: Goal;
  yGoal: Goal;
}

/** A loaded and validated sweep file. */
export interface SweepSpec {
  /** Name of the sweep (default: the file name without extension). */
  name: string;
  description: string;
  /** The sweep file as given. */
  file: string;
  /** Architecture file, relative to the current directory. */
  architecture: string;
  /** Workload file, relative to the current directory. */
  workload: string;
  /** Run seed of every point. */
  seed: number;
  /** Workload format every point reads it as (`format:`, or `--format`); default: recognised by name and content. */
  format?: string;
  /** Overrides applied to every point, after the swept ones (may use swept variables). */
  fixed: Map<string, string>;
  /** Where each `set` value is written in the sweep file, so its errors point there. */
  fixedLoc: Map<string, SourceLocation>;
  /** Grid axes, zipped groups and the random block, in file order; points are their product. */
  axes: SweepAxis[];
  constraints: SweepConstraint[];
  /** RunReport paths collected for every point. */
  metrics: string[];
  pareto?: ParetoSpec;
  /** Tries of a point in distributed mode before it is reported as failed. */
  attempts: number;
}

/** A point ready to run anywhere: everything a worker needs, nothing it has to look up. */
export interface PointTask {
  /** Canonical hash of parameters, fixed overrides, seed, metrics and base files. */
  key: string;
  /** Position in the sweep's full (unconstrained) product; orders result tables. */
  index: number;
  params: PointParams;
  /** Overrides in application order: swept parameters, then fixed ones. */
  overrides: [string, string][];
  architecture: string;
  workload: string;
  /** Workload format (absent: recognised by name and content). */
  format?: string;
  seed: number;
  metrics: string[];
  /** Plug-ins the submitter loaded from modules; a worker lacking one of them refuses the point. */
  plugins?: PluginRecord[];
  /** Folders besides the architecture's own that it may read files from (the submitter's `--allow-dir`, absolute). */
  allowDirs?: string[];
  /** Hash of the architecture files and workload the submitter saw; a worker with other files refuses the point. */
  baseHash: string;
}

/** How a point ended. */
export type PointStatus = 'ok' | 'error';

/** One row of results: the point's parameters, its metrics, its wall time and how it ended. */
export interface PointResult {
  key: string;
  index: number;
  params: PointParams;
  status: PointStatus;
  /** Metric path → value (null when the point failed). */
  metrics: Record<string, number | string | null>;
  /** Seconds spent on the point by the worker (not deterministic, never compared). */
  wall_s: number;
  /** Error code (`E_WORKLOAD`, `E_POINT_FAILED`, …) when status is `error`. */
  error_code?: string;
  /** The located error message when status is `error`. */
  error?: string;
  /** Who ran it: `local` or `host:pid` of a remote worker. */
  worker?: string;
}
