import type { Elaboration } from '../config/elaborate.js';
import type { SourceLocation } from '../errors.js';

/** Timing and energy of one phase (a layer, a prefill, a decode step) of a workload. */
export interface PhaseReport {
  name: string;
  /** Main-clock cycles from the phase's start to its end. */
  cycles: number;
  time_ps: number;
  start_ps: number;
  end_ps: number;
  /** Dynamic energy charged during the phase plus leakage over its duration, in pJ. */
  energy_pj: number;
  /** Operations the phase issued. */
  operations: number;
}

/** A headline figure of a workload run (TTFT, pJ per synaptic operation, …). */
export interface WorkloadMetric {
  /** Short name, e.g. `ttft_p50`. */
  name: string;
  value: number;
  /** Unit of `value` (`ps`, `pJ`, `tokens/s`, `%`, or `` for a plain count). */
  unit: string;
  /** One line saying what the figure is. */
  description: string;
}

/** A table a workload reports beside its phases (a roofline, per-request latencies, energy by class, …). */
export interface WorkloadTable {
  /** Stable identifier (used as the HTML element id and by scripts reading `--json`). */
  id: string;
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

/**
 * What a workload reports beyond its phases. The text summary and the HTML
 * report render metrics and tables generically; `views` carries data for a
 * family-specific chart of the HTML report (a `ReportView` a plug-in registers with `session.addView`).
 */
export interface WorkloadSummary {
  metrics: WorkloadMetric[];
  tables: WorkloadTable[];
  /** Data for family-specific report views, keyed by view name (`roofline`, `spike_raster`, …). */
  views?: Record<string, unknown>;
}

/** Told how far a driver's preparation is: a fraction (0..1) and what it is doing, in a few words. */
export type PrepareProgress = (fraction: number, what: string) => void;

/** A workload being fed into a running model. */
export interface WorkloadDriver {
  /** Schedules the first operations; called once before the run. */
  start(): void;
  /** True once every operation has been issued and completed. */
  readonly finished: boolean;
  /** Closes the phase in progress (at the end of a run) and returns all phases. */
  phases(): PhaseReport[];
  /** Operations issued so far. */
  readonly operationsIssued: number;
  /** What is still outstanding, for deadlock reports: `op@component` strings. */
  outstanding(): string[];
  /**
   * Where the workload asked for the work in progress, when that is one record
   * (a line, a layer): an error raised inside the run without a place of its
   * own (a time beyond the exact range) is reported there.
   */
  runningRecord?(): SourceLocation | undefined;
  /** How much of the workload has been consumed (0..1), when the reader can tell. */
  fraction?(): number | undefined;
  /** Family-specific results (called once, after the run and after `phases`). */
  summary?(): WorkloadSummary;
}

/**
 * A workload in a hardware-neutral form (a layer graph, a GEMM list, a spike
 * stream, a request trace, an operation trace), as a reader produced it.
 * `kind` says which form; drivers that accept that kind can map it onto hardware.
 */
export interface NeutralWorkload {
  /** Which neutral form this is, e.g. `layers`, `gemms`, `spikes`, `llm`, `op-trace`. */
  readonly kind: string;
  /** The file it was read from (messages name it). */
  readonly file: string;
  /** What the reader left out on purpose or approximated (nodes skipped, an average pool run as a max pool), for reports. */
  readonly notes?: readonly string[];
}

/**
 * Reads one workload file format into a neutral form. Readers know no
 * hardware: which hardware runs the result is a driver's business.
 */
export interface WorkloadReader<W extends NeutralWorkload = NeutralWorkload> {
  /** Short format name, e.g. `op-trace`; what `format:` in a YAML workload and `--format` name. */
  format: string;
  /** One line for `helen list --formats`. */
  description: string;
  /** The neutral kind `read` produces. */
  produces: string;
  /** File name endings it reads, lower case with the dot, e.g. `['.yaml', '.yml']`. */
  extensions: readonly string[];
  /**
   * Whether a file with one of `extensions` is in this format, judged by its
   * content (`head`: its first 64 KiB as text). Absent: every such file is.
   */
  recognises?(head: string, file: string): boolean;
  /** Options a run may pass this reader (`--input-shape`, …): option name → one line saying what it does. Absent: none. */
  options?: Readonly<Record<string, string>>;
  /** Parses `file` with the run's reader options (only names in `options`). Problems in the file are HelenErrors with positions. */
  read(file: string, options?: ReaderOptions): W;
}

/**
 * Options a run passes to its workload's reader, as given (`--input-shape x=1x3x8x8`):
 * option name → its values in order. The reader parses and checks them.
 */
export type ReaderOptions = Readonly<Record<string, readonly string[]>>;

/**
 * Maps one neutral workload kind onto one kind of hardware: what a family
 * registers to run workloads on its components.
 */
export interface DriverType<W extends NeutralWorkload = NeutralWorkload> {
  /** Short name, e.g. `reram-layers`. */
  name: string;
  /** One line for `helen list --formats`. */
  description: string;
  /** The neutral kind it runs. */
  accepts: string;
  /** Whether `model` has the hardware this driver needs (found through declared slots or typed queries). */
  fits(model: Elaboration): boolean;
  /**
   * Prepares the driver for a run of `workload` on `model`; a driver whose
   * preparation takes a while (value checks) tells `progress` how far it is.
   */
  open(workload: W, model: Elaboration, progress?: PrepareProgress): WorkloadDriver;
}
