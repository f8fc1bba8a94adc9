import type { TimePs } from '../../core/kernel/time.js';
import type { SignalChange, SignalDeclaration, SignalValue } from '../../core/trace/trace-bus.js';
import { openTraceSource } from '../../core/trace/trace-formats.js';
import type { TraceSink } from '../../core/trace/trace-sink.js';

/** Busy fraction of each component per time bin, read from a recorded trace's `busy` signals. */
export interface UtilisationTimeline {
  /** The trace file it was read from. */
  source: string;
  start_ps: number;
  end_ps: number;
  /** Width of every bin; the last one may extend past `end_ps`. */
  bin_ps: number;
  /** Components with a `busy` signal, in the order the trace declares them. */
  components: { component: string; busy: number[] }[];
}

/** How finely to bin a trace. */
export interface TimelineOptions {
  /** Target number of bins (default 120); the result has between half and all of them. */
  bins?: number;
  /** Expected end of the trace (the run's time), so the bins fit at the first try. */
  endHintPs?: number;
}

interface Row {
  component: string;
  busyPs: number[];
  value: SignalValue | undefined;
  sincePs: TimePs;
}

/**
 * A sink that adds each component's busy intervals into a fixed number of
 * bins. When the trace runs past the bins, neighbouring bins are merged and
 * their width doubled, so memory stays bounded by components × bins however
 * long the trace is.
 */
class BusyBinner implements TraceSink {
  readonly rows = new Map<string, Row>();
  binPs: number;
  endPs: TimePs;

  constructor(
    readonly startPs: TimePs,
    private readonly bins: number,
    endHintPs: TimePs | undefined,
  ) {
    this.binPs = Math.max(1, Math.ceil(((endHintPs ?? startPs + bins) - startPs) / bins));
    this.endPs = startPs;
  }

  declare(d: SignalDeclaration): void {
    if (d.signal !== 'busy') return;
    const row = this.row(d.component);
    if (d.initial !== undefined && row.value === undefined) row.value = d.initial;
  }

  signal(c: SignalChange): void {
    if (c.signal !== 'busy') return;
    const row = this.row(c.component);
    this.flush(row, c.timePs);
    row.value = c.value;
  }

  span(): void {}

  close(endPs: TimePs): void {
    this.endPs = endPs;
    for (const row of this.rows.values()) this.flush(row, endPs);
  }

  abort(): void {}

  private row(component: string): Row {
    let r = this.rows.get(component);
    if (!r)
      this.rows.set(
        component,
        (r = { component, busyPs: new Array<number>(this.bins).fill(0), value: undefined, sincePs: this.startPs }),
      );
    return r;
  }

  /** Adds the time since the row's last change, if it was busy, to the bins it covers. */
  private flush(row: Row, t: TimePs): void {
    const from = row.sincePs;
    row.sincePs = Math.max(from, t);
    if (!row.value || t <= from) return;
    while (t > this.startPs + this.bins * this.binPs) this.widen();
    for (let i = Math.floor((from - this.startPs) / this.binPs); i < this.bins; i++) {
      const b0 = this.startPs + i * this.binPs;
      if (b0 >= t) break;
      row.busyPs[i]! += Math.min(t, b0 + this.binPs) - Math.max(from, b0);
    }
  }

  private widen(): void {
    this.binPs *= 2;
    for (const row of this.rows.values()) {
      const merged = new Array<number>(this.bins).fill(0);
      for (let i = 0; i < this.bins; i++) merged[i >> 1]! += row.busyPs[i]!;
      row.busyPs = merged;
    }
  }
}

/**
 * Per-component utilisation over time from a `.vcd`, Perfetto `.json` or
 * `.jsonl` trace. Streams the file.
 */
export function utilisationTimeline(traceFile: string, options: TimelineOptions = {}): UtilisationTimeline {
  const src = openTraceSource(traceFile);
  const bins = Math.max(2, Math.floor(options.bins ?? 120));
  const binner = new BusyBinner(src.meta.startPs, bins, options.endHintPs);
  src.replay(binner);
  const { startPs, endPs, binPs } = binner;
  const used = Math.max(0, Math.min(bins, Math.ceil((endPs - startPs) / binPs)));
  return {
    source: traceFile,
    start_ps: startPs,
    end_ps: endPs,
    bin_ps: binPs,
    components: [...binner.rows.values()].map((r) => ({
      component: r.component,
      // The last bin is shorter when the trace ends inside it: divide by the time it covers.
      busy: r.busyPs
        .slice(0, used)
        .map((ps, i) => ps / (Math.min(endPs, startPs + (i + 1) * binPs) - (startPs + i * binPs))),
    })),
  };
}
