import { runSimulation, type RunOptions, type RunProgress, type RunReport } from './run.js';

/** One row of a comparison: a phase, or the total. */
export interface ComparisonRow {
  name: string;
  a: { cycles: number; time_ps: number; energy_pj: number };
  b: { cycles: number; time_ps: number; energy_pj: number };
  /** time(A) / time(B): above 1 means B is faster. */
  speedup: number;
  /** energy(B) / energy(A): below 1 means B uses less. */
  energy_ratio: number;
  /** 1 − energy(B)/energy(A), as a fraction. */
  energy_reduction: number;
}

/** What `helen compare` reports. */
export interface ComparisonReport {
  architecture_a: string;
  architecture_b: string;
  workload: string;
  phases: ComparisonRow[];
  total: ComparisonRow;
  a: RunReport;
  b: RunReport;
}

function row(name: string, a: ComparisonRow['a'], b: ComparisonRow['b']): ComparisonRow {
  const ratio = a.energy_pj > 0 ? b.energy_pj / a.energy_pj : NaN;
  return {
    name,
    a,
    b,
    speedup: b.time_ps > 0 ? a.time_ps / b.time_ps : NaN,
    energy_ratio: ratio,
    energy_reduction: 1 - ratio,
  };
}

/** What `compareArchitectures` takes: a run's options but the architecture, with progress told per run. */
export type CompareOptions = Omit<RunOptions, 'architecture' | 'onProgress'> & {
  /** Told how each run is going (`A` then `B`), as `RunOptions.onProgress`. */
  onProgress?: (p: RunProgress, run: 'A' | 'B') => void;
};

/** Runs one workload on two architectures and compares them phase by phase and in total. */
export function compareArchitectures(
  architectureA: string,
  architectureB: string,
  options: CompareOptions,
): ComparisonReport {
  const { onProgress, ...common } = options;
  const told = (run: 'A' | 'B') => (onProgress ? { onProgress: (p: RunProgress) => onProgress(p, run) } : {});
  const a = runSimulation({ ...common, architecture: architectureA, ...told('A') });
  const b = runSimulation({ ...common, architecture: architectureB, ...told('B') });
  const pick = (r: { cycles: number; time_ps: number; energy_pj: number }) => ({
    cycles: r.cycles,
    time_ps: r.time_ps,
    energy_pj: r.energy_pj,
  });
  const bPhases = new Map(b.phases.map((p) => [p.name, p]));
  const phases: ComparisonRow[] = [];
  for (const pa of a.phases) {
    const pb = bPhases.get(pa.name);
    if (pb) phases.push(row(pa.name, pick(pa), pick(pb)));
  }
  return {
    architecture_a: a.architecture,
    architecture_b: b.architecture,
    workload: a.workload,
    phases,
    total: row('total', pick(a), pick(b)),
    a,
    b,
  };
}
