import type { Elaboration } from '../core/index.js';

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
 * family-specific chart of the HTML report (see `api/report/views/`).
 */
export interface WorkloadSummary {
  metrics: WorkloadMetric[];
  tables: WorkloadTable[];
  /** Data for family-specific report views, keyed by view name (`roofline`, `spike_raster`, …). */
  views?: Record<string, unknown>;
}

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
  /** How much of the workload has been consumed (0..1), when the reader can tell. */
  fraction?(): number | undefined;
  /** Family-specific results (called once, after the run and after `phases`). */
  summary?(): WorkloadSummary;
}

/**
 * Reads one workload format. Component families add readers for their own
 * formats (layer lists, spike recordings, transformer configs, request traces).
 */
export interface WorkloadReader {
  /** Short format name, e.g. `op-trace`. */
  format: string;
  /** One line for `helen list`. */
  description: string;
  /** Whether this reader handles `file` (usually by extension). */
  matches(file: string): boolean;
  /** Prepares a driver for `file` on an elaborated model. Problems in the file are HelenErrors with positions. */
  open(file: string, model: Elaboration): WorkloadDriver;
}

/** The workload formats a session understands; the first reader that matches a file reads it. */
export class WorkloadRegistry {
  private readonly readers: WorkloadReader[] = [];

  register(reader: WorkloadReader): this {
    this.readers.push(reader);
    return this;
  }

  find(file: string): WorkloadReader | undefined {
    return this.readers.find((r) => r.matches(file));
  }

  all(): readonly WorkloadReader[] {
    return this.readers;
  }
}
