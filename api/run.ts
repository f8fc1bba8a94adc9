import { basename } from '../core/io/path.js';
import {
  chooseDriver,
  collectReport,
  elaborate,
  HelenError,
  loadArchitecture,
  locateOperationError,
  referenceTablesFor,
  type EnergyTableReport,
  type ArchitectureNote,
  readWorkload,
  type Component,
  type Elaboration,
  type RunResult,
  type Simulator,
  type StopReason,
} from '../core/index.js';
import type { PhaseReport, ReaderOptions, WorkloadDriver, WorkloadSummary } from '../core/index.js';
import { defaultSession, type Session } from './session.js';

/** What to run and within which bounds. */
export interface RunOptions {
  /** Architecture YAML file. */
  architecture: string;
  /** Workload file (its reader is the one `format` names, else the one that recognises it). */
  workload: string;
  /** Workload format name (`--format`); default: `format:` in a YAML workload, else recognised by name and content. */
  format?: string;
  /** Options for the workload's reader (`--input-shape`, `--ignore-op` of ONNX files): option name → values as given. */
  readerOptions?: ReaderOptions;
  /** Run seed (default 1). */
  seed?: number;
  /** `--set` overrides: path → value text. */
  overrides?: ReadonlyMap<string, string>;
  /** An Accelergy energy reference table (ERT.yaml) whose per-action energies replace the architecture's (`--energy-table`). */
  energyTable?: string;
  /** An Accelergy area reference table (ART.yaml) whose areas replace the architecture's (`--area-table`). */
  areaTable?: string;
  /** Simulated-time bound in ps. */
  maxTimePs?: number;
  /** Event bound. */
  maxEvents?: number;
  /** Wall-clock bound in ms. */
  wallClockMs?: number;
  /** Told as each stage begins, as it goes on (instances built, the driver's preparation) and every few thousand events. */
  onProgress?: (p: RunProgress) => void;
  /** Called with the built model before the run starts (tracing sinks subscribe here). */
  onModel?: (model: Elaboration) => void;
  /** Component types and readers (default: everything Helen ships). */
  session?: Session;
  /** Supplies the built model instead of loading and elaborating `architecture` (verification reuses models). */
  build?: () => Elaboration;
}

/** What a run does, in this order; the progress bar names the stage it is in. */
export const RUN_STAGES = [
  'reading workload',
  'loading architecture',
  'elaborating',
  'preparing workload',
  'simulating',
] as const;

/** One of `RUN_STAGES`. */
export type RunStage = (typeof RUN_STAGES)[number];

/** Progress of a run, from reading its workload to the end of the simulation. */
export interface RunProgress {
  /** What the run is doing. */
  stage: RunStage;
  /** What the stage is at, in a few words (`1,024 of 2,016 instances`, `checking values of dcgan2`). */
  detail?: string;
  /** How far the stage is (0..1), when it can tell: instances built, the driver's preparation, the workload consumed. */
  fraction?: number;
  /** Simulated time, ps (0 before the simulation). */
  nowPs: number;
  /** Events dispatched so far. */
  events: number;
  /** Operations issued so far. */
  operations: number;
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
  /** Which entries of `--energy-table` / `--area-table` matched which components, and why others did not. */
  energyTable?: EnergyTableReport;
  /** What the workload's reader left out or approximated (ONNX nodes skipped with --ignore-op, …), when anything. */
  workload_notes?: string[];
  /** Figures, tables and view data the workload's family reports (TTFT, roofline, pJ/SOP, …), when it has any. */
  workload_summary?: WorkloadSummary;
  /** What an architecture in another format (a SCALE-Sim .cfg, …) says that Helen does not model, one located line each. */
  architecture_notes?: string[];
}

/** Loads, elaborates and runs an architecture on a workload; returns the report. */
export function runSimulation(options: RunOptions): RunReport {
  const session = options.session ?? defaultSession();
  const progress = options.onProgress;
  const stage = (stage: RunStage, more: Partial<RunProgress> = {}): void =>
    progress?.({ stage, nowPs: 0, events: 0, operations: 0, ...more });
  stage('reading workload', { detail: basename(options.workload) });
  const workload = readWorkload(session, options.workload, options.format, options.readerOptions);
  let tableReport: EnergyTableReport | undefined;
  const model = options.build?.() ?? buildModel(options, session, stage, (r) => (tableReport = r));
  stage('preparing workload', { detail: basename(options.workload) });
  const driver = chooseDriver(session, workload, model).open(
    workload,
    model,
    progress ? (f, what) => stage('preparing workload', { detail: what, fraction: f }) : undefined,
  );
  options.onModel?.(model);
  const t0 = performance.now();
  driver.start();
  const simulating = (sim: Simulator): void =>
    stage('simulating', {
      nowPs: sim.nowPs,
      events: sim.eventsDispatched,
      operations: driver.operationsIssued,
      ...fraction(driver),
    });
  if (progress) simulating(model.sim);
  let result: RunResult;
  try {
    result = model.sim.run({
      maxTimePs: options.maxTimePs,
      maxEvents: options.maxEvents,
      wallClockMs: options.wallClockMs,
      onProgress: progress ? simulating : undefined,
    });
  } catch (e) {
    // A time beyond the exact range raised inside an event names no record: the one running, else the workload.
    if (e instanceof HelenError && (e.code === 'E_TIME_OVERFLOW' || e.code === 'E_TIME'))
      throw locateOperationError(e, () => driver.runningRecord?.() ?? { file: options.workload });
    throw e;
  }
  const wall = (performance.now() - t0) / 1000;
  checkFinished(result, driver);
  for (const c of model.sim.components as Component[]) c.finish();
  return {
    ...report(model, options, driver, result, wall),
    ...(tableReport ? { energyTable: tableReport } : {}),
    ...(workload.notes?.length ? { workload_notes: [...workload.notes] } : {}),
  };
}

/** Loads and elaborates the architecture, telling `stage` how far it is. */
function buildModel(
  options: RunOptions,
  session: Session,
  stage: (stage: RunStage, more?: Partial<RunProgress>) => void,
  onTables: (report: EnergyTableReport) => void,
): Elaboration {
  stage('loading architecture', { detail: basename(options.architecture) });
  const spec = loadArchitecture(options.architecture, session.loadOptions());
  const tables = referenceTablesFor(options, spec);
  const model = elaborate(spec, {
    registry: session.registry,
    seed: options.seed ?? 1,
    overrides: options.overrides,
    ...(tables ? { parameterSource: tables } : {}),
    ...(options.onProgress
      ? {
          // Before the first (0 built), every 64th and the last: a bar needs no more, and a million calls would cost.
          onInstance: (built: number, total: number) => {
            const n = (x: number): string => x.toLocaleString('en-US');
            if (built === 0) stage('elaborating', { detail: `${n(total)} instances` });
            else if (built % 64 === 0 || built === total)
              stage('elaborating', { detail: `${n(built)} of ${n(total)} instances`, fraction: built / total });
          },
        }
      : {}),
  });
  if (tables) onTables(tables.report());
  return model;
}

/** `file:line:col: message`, as problems are shown. */
function formatNote(note: ArchitectureNote): string {
  const { file, line, column } = note.location;
  return `${file ?? ''}${line !== undefined ? `:${line}` : ''}${column !== undefined ? `:${column}` : ''}: ${note.message}`;
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
    ...(model.spec.notes?.length ? { architecture_notes: model.spec.notes.map(formatNote) } : {}),
  };
}
