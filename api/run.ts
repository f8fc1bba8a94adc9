import { basename } from 'node:path';
import {
  chooseDriver,
  chooseReader,
  collectReport,
  elaborate,
  HelenError,
  loadArchitecture,
  type Component,
  type Elaboration,
  type RunResult,
  type StopReason,
} from '../core/index.js';
import type { PhaseReport, WorkloadDriver, WorkloadSummary } from '../core/index.js';
import { defaultSession, type Session } from './session.js';

/** What to run and within which bounds. */
export interface RunOptions {
  /** Architecture YAML file. */
  architecture: string;
  /** Workload file (its reader is the one `format` names, else the one that recognises it). */
  workload: string;
  /** Workload format name (`--format`); default: `format:` in a YAML workload, else recognised by name and content. */
  format?: string;
  /** Run seed (default 1). */
  seed?: number;
  /** `--set` overrides: path → value text. */
  overrides?: ReadonlyMap<string, string>;
  /** Simulated-time bound in ps. */
  maxTimePs?: number;
  /** Event bound. */
  maxEvents?: number;
  /** Wall-clock bound in ms. */
  wallClockMs?: number;
  /** Told every few thousand events how far the run is. */
  onProgress?: (p: RunProgress) => void;
  /** Called with the built model before the run starts (tracing sinks subscribe here). */
  onModel?: (model: Elaboration) => void;
  /** Component types and readers (default: everything Helen ships). */
  session?: Session;
  /** Supplies the built model instead of loading and elaborating `architecture` (verification reuses models). */
  build?: () => Elaboration;
}

/** Progress of a running simulation. */
export interface RunProgress {
  nowPs: number;
  events: number;
  operations: number;
  /** Fraction of the workload consumed, when the reader can tell (0..1). */
  fraction?: number;
}

/** Per-component figures in a run report. */
export interface ComponentSummary {
  type: string;
  /** The component's own energy (dynamic + leakage), pJ. */
  energy_pj: number;
  /** Energy of the component and its descendants, pJ. */
  subtree_energy_pj: number;
  /** Own energy split by action, pJ. */
  energy_by_action_pj: Record<string, number>;
  area_mm2: number;
  subtree_area_mm2: number;
  busy_ps: number;
  utilisation: number;
  counters: Record<string, number>;
}

/** Everything `helen run` reports (also its `--json` output). */
export interface RunReport {
  architecture: string;
  architecture_file: string;
  workload: string;
  seed: number;
  /** Cycles of the main clock covered by the run. */
  cycles: number;
  main_clock_hz: number;
  time_ps: number;
  energy_pj: number;
  area_mm2: number;
  /** Kernel events dispatched. */
  events: number;
  operations: number;
  wall_s: number;
  events_per_s: number;
  /** Why the run ended; `completed` means the whole workload ran. */
  stop: { reason: StopReason; message: string };
  energy_by_action_pj: Record<string, number>;
  components: Record<string, ComponentSummary>;
  phases: PhaseReport[];
  /** Figures, tables and view data the workload's family reports (TTFT, roofline, pJ/SOP, …), when it has any. */
  workload_summary?: WorkloadSummary;
}

/** Loads, elaborates and runs an architecture on a workload; returns the report. */
export function runSimulation(options: RunOptions): RunReport {
  const session = options.session ?? defaultSession();
  const workload = chooseReader(session, options.workload, options.format).read(options.workload);
  const model =
    options.build?.() ??
    elaborate(loadArchitecture(options.architecture, { registry: session.registry, allowDirs: session.allowedDirs }), {
      registry: session.registry,
      seed: options.seed ?? 1,
      overrides: options.overrides,
    });
  const driver = chooseDriver(session, workload, model).open(workload, model);
  options.onModel?.(model);
  const t0 = performance.now();
  driver.start();
  const progress = options.onProgress;
  const result = model.sim.run({
    maxTimePs: options.maxTimePs,
    maxEvents: options.maxEvents,
    wallClockMs: options.wallClockMs,
    onProgress: progress
      ? (sim) =>
          progress({
            nowPs: sim.nowPs,
            events: sim.eventsDispatched,
            operations: driver.operationsIssued,
            ...fraction(driver),
          })
      : undefined,
  });
  const wall = (performance.now() - t0) / 1000;
  checkFinished(result, driver);
  for (const c of model.sim.components as Component[]) c.finish();
  return report(model, options, driver, result, wall);
}

function fraction(driver: WorkloadDriver): { fraction?: number } {
  const f = driver.fraction?.();
  return f === undefined ? {} : { fraction: f };
}

/** Events ran out while work is still pending: a deadlock in the model, named, never silent. */
function checkFinished(result: RunResult, driver: WorkloadDriver): void {
  if (result.reason !== 'completed' || driver.finished) return;
  const waiting = driver.outstanding();
  const shown = waiting.slice(0, 10).join(', ');
  throw new HelenError(
    'E_DEADLOCK',
    `the simulation ran out of events at ${result.nowPs} ps with ${waiting.length} operation(s) unfinished: ${shown}${waiting.length > 10 ? ', …' : ''}`,
  );
}

function report(
  model: Elaboration,
  options: RunOptions,
  driver: WorkloadDriver,
  result: RunResult,
  wall: number,
): RunReport {
  const sim = model.sim;
  const stats = collectReport(model.roots, sim.nowPs);
  const components: Record<string, ComponentSummary> = {};
  for (const c of stats.components) {
    const byAction: Record<string, number> = {};
    for (const [name, a] of Object.entries(c.energy_pj.by_action)) byAction[name] = a.energy_pj;
    if (c.energy_pj.leakage) byAction['leakage'] = c.energy_pj.leakage;
    components[c.path] = {
      type: c.type,
      energy_pj: c.energy_pj.total,
      subtree_energy_pj: c.subtree_energy_pj,
      energy_by_action_pj: byAction,
      area_mm2: c.area_mm2,
      subtree_area_mm2: c.subtree_area_mm2,
      busy_ps: c.busy_ps,
      utilisation: c.utilisation,
      counters: c.counters,
    };
  }
  return {
    architecture: model.spec.name,
    architecture_file: options.architecture,
    workload: basename(options.workload),
    seed: sim.seed,
    cycles: model.mainClock.cycleAtOrAfter(sim.nowPs),
    main_clock_hz: model.mainClock.frequencyHz,
    time_ps: sim.nowPs,
    energy_pj: stats.energy_pj,
    area_mm2: stats.area_mm2,
    events: sim.eventsDispatched,
    operations: driver.operationsIssued,
    wall_s: wall,
    events_per_s: wall > 0 ? sim.eventsDispatched / wall : 0,
    stop: { reason: result.reason, message: result.message },
    energy_by_action_pj: stats.energy_by_action_pj,
    components,
    phases: driver.phases(),
    ...(driver.summary ? { workload_summary: driver.summary() } : {}),
  };
}
