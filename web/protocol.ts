// The messages between the playground page and the Helen worker.
import type { ComparisonReport, RunProgress, RunReport } from '../api/index.js';

/** The files of a design, by path relative to the repository root (the worker's working folder). */
export type DesignFiles = Record<string, string>;

/** A design: its edited files, which of them is the architecture and which the workload, and `--set` lines. */
export interface Design {
  /** Architecture YAML path. */
  architecture: string;
  /** Workload path. */
  workload: string;
  /** Second architecture (compare). */
  architectureB?: string;
  /** `key=value` lines, as `--set`. */
  overrides: string;
  /** Edited or opened files that replace (or add to) the bundled ones. */
  files: DesignFiles;
}

/** One located problem, for the editor's lint diagnostics. */
export interface Problem {
  file?: string;
  line?: number;
  column?: number;
  code: string;
  message: string;
  /** The whole formatted problem (`file:line:col: message [code]`). */
  text: string;
}

/** Page → worker. */
export type Request =
  | { kind: 'validate'; id: number; design: Design }
  | { kind: 'run'; id: number; design: Design; trace: boolean }
  | { kind: 'compare'; id: number; design: Design };

/** A run's outputs: the report, its HTML page, the trace in two formats and utilisation over time for the timeline. */
export interface RunOutputs {
  report: RunReport;
  html: string;
  vcd?: string;
  perfetto?: string;
  timeline?: { start_ps: number; end_ps: number; bin_ps: number; components: { component: string; busy: number[] }[] };
}

/** Worker → page. */
export type Reply =
  | { kind: 'ready' }
  | { kind: 'progress'; id: number; progress: RunProgress; run?: 'A' | 'B' }
  | { kind: 'validated'; id: number; problems: Problem[] }
  | { kind: 'ran'; id: number; outputs: RunOutputs }
  | { kind: 'compared'; id: number; comparison: ComparisonReport }
  | { kind: 'failed'; id: number; problems: Problem[] };
