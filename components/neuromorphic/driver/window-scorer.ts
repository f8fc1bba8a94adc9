import { HelenError } from '../../../core/index.js';
import type { WorkloadMetric, WorkloadTable } from '../../../core/index.js';
import type { LabelledWindow } from '../../../workloads/spikes/index.js';
import type { SpikeTap, TappedSpike } from './spike-tap.js';

/** Whether `label`'s count is strictly the largest (a tie or silence is wrong): the scoring rule of runs and of training. */
export function strictlyMost(counts: ArrayLike<number>, label: number): boolean {
  for (let j = 0; j < counts.length; j++) if (j !== label && counts[j]! >= counts[label]!) return false;
  return true;
}

/** How a run of labelled windows scored. */
export interface WindowScore {
  windows: number;
  /** Windows whose label's neuron spiked strictly more often than every other output neuron. */
  correct: number;
  /** Windows in which no output neuron spiked. */
  silent: number;
  /** Windows with a tie for the most spikes (scored wrong). */
  ties: number;
  /** Per class: windows shown and windows right. */
  perClass: { shown: number; right: number }[];
}

/**
 * Counts the output population's spikes in each labelled window and scores
 * the run: a window's class is the output neuron with the most spikes in it;
 * a tie for the most (a silent window included) counts as wrong, so chance
 * level is reached only by spiking, not by silence.
 */
export class WindowScorer {
  private readonly counts: Int32Array;
  private readonly sink: number;
  private readonly size: number;

  constructor(
    private readonly windows: readonly LabelledWindow[],
    tap: SpikeTap,
    file: string,
  ) {
    const sinks = tap.isSink.flatMap((s, k) => (s ? [k] : []));
    if (sinks.length !== 1)
      throw new HelenError(
        'E_WORKLOAD',
        `labelled windows are scored on the one output population (feeding no projection); found ${sinks.length}: ${sinks.map((k) => tap.populations[k]!.path).join(', ') || 'none'}`,
        { file },
      );
    this.sink = sinks[0]!;
    this.size = tap.populations[this.sink]!.bank.size;
    const label = windows.find((w) => w.label >= this.size)?.label;
    if (label !== undefined)
      throw new HelenError(
        'E_WORKLOAD',
        `a window is labelled ${label}, but the output population ${tap.populations[this.sink]!.path} has ${this.size} neurons (one per class)`,
        { file },
      );
    this.counts = new Int32Array(windows.length * this.size);
    tap.subscribe((spikes) => this.add(spikes));
  }

  private add(spikes: readonly TappedSpike[]): void {
    for (const s of spikes) {
      if (s.population !== this.sink) continue;
      const w = this.windowAt(s.timePs);
      if (w >= 0) this.counts[w * this.size + s.neuron]!++;
    }
  }

  /** The window holding time t (the last one starting at or before t), or −1. */
  private windowAt(timePs: number): number {
    let lo = 0,
      hi = this.windows.length - 1,
      found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.windows[mid]!.startPs <= timePs) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && timePs < this.windows[found]!.endPs ? found : -1;
  }

  /** Output spikes of neuron j in window w. */
  count(w: number, j: number): number {
    return this.counts[w * this.size + j]!;
  }

  score(): WindowScore {
    const perClass = Array.from({ length: this.size }, () => ({ shown: 0, right: 0 }));
    let correct = 0,
      silent = 0,
      ties = 0;
    this.windows.forEach((win, w) => {
      const counts = this.counts.subarray(w * this.size, (w + 1) * this.size);
      const most = Math.max(...counts);
      if (most === 0) silent++;
      else if (counts.filter((c) => c === most).length > 1) ties++;
      perClass[win.label]!.shown++;
      if (strictlyMost(counts, win.label)) {
        correct++;
        perClass[win.label]!.right++;
      }
    });
    return { windows: this.windows.length, correct, silent, ties, perClass };
  }
}

/** The metrics and table a scored run adds to the SNN summary. */
export function scoreReport(
  s: WindowScore,
  totals: { spikesIn: number; spikesOut: number; sops: number },
): { metrics: WorkloadMetric[]; table: WorkloadTable } {
  const n = Math.max(1, s.windows);
  const metrics: WorkloadMetric[] = [
    {
      name: 'accuracy',
      value: s.correct / n,
      unit: '',
      description: `labelled windows whose label's output neuron spiked strictly most often (${s.correct} of ${s.windows}; ties and silent windows count as wrong)`,
    },
    { name: 'silent_windows', value: s.silent, unit: '', description: 'labelled windows without an output spike' },
    {
      name: 'tied_windows',
      value: s.ties,
      unit: '',
      description: 'labelled windows with a tie for the most output spikes',
    },
    {
      name: 'spikes_in_per_inference',
      value: totals.spikesIn / n,
      unit: '',
      description: 'input spikes per labelled window',
    },
    {
      name: 'spikes_out_per_inference',
      value: totals.spikesOut / n,
      unit: '',
      description: 'spikes of all LIF populations per labelled window',
    },
    {
      name: 'sops_per_inference',
      value: totals.sops / n,
      unit: '',
      description: 'synaptic operations per labelled window',
    },
  ];
  const table: WorkloadTable = {
    id: 'snn_accuracy_by_class',
    title: 'accuracy by class',
    columns: ['class', 'windows', 'right', 'accuracy'],
    rows: s.perClass.map((c, k) => [k, c.shown, c.right, c.shown ? c.right / c.shown : 0]),
  };
  return { metrics, table };
}
