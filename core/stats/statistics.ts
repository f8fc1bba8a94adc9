import type { TraceBus } from '../trace/trace-bus.js';

/** Where a counter publishes its value while a trace records counters. */
interface CounterProbe {
  bus: TraceBus;
  component: string;
}

/** A named count of something that happened (messages sent, conversions, spikes). */
export class Counter {
  /** Current count. */
  value = 0;
  /** @internal Set only while a trace records counters, so an untraced add costs one undefined check. */
  probe: CounterProbe | undefined = undefined;
  constructor(
    readonly name: string,
    readonly description = '',
    readonly unit = '',
  ) {}

  add(n = 1): void {
    this.value += n;
    if (this.probe !== undefined) this.publish(this.probe);
  }

  private publish(p: CounterProbe): void {
    if (p.bus.active) p.bus.signal(p.component, this.name, this.value);
  }
}

/** Running summary of sampled values: count, sum, min, max, mean and variance (Welford, numerically stable). */
export class Distribution {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  private meanAcc = 0;
  private m2 = 0;

  constructor(
    readonly name: string,
    readonly description = '',
    readonly unit = '',
  ) {}

  sample(x: number): void {
    this.count++;
    this.sum += x;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    const d = x - this.meanAcc;
    this.meanAcc += d / this.count;
    this.m2 += d * (x - this.meanAcc);
  }

  get mean(): number {
    return this.count ? this.meanAcc : 0;
  }

  /** Population variance. */
  get variance(): number {
    return this.count ? this.m2 / this.count : 0;
  }

  toJSON(): Record<string, number | number[]> {
    return {
      count: this.count,
      sum: this.sum,
      min: this.count ? this.min : 0,
      max: this.count ? this.max : 0,
      mean: this.mean,
      stddev: Math.sqrt(this.variance),
    };
  }
}

/** A distribution that also counts samples in fixed-width bins over [low, low + bins·width). */
export class Histogram extends Distribution {
  /** Sample counts per bin. */
  readonly bins: number[];
  underflow = 0;
  overflow = 0;

  constructor(
    name: string,
    readonly low: number,
    readonly binWidth: number,
    binCount: number,
    description = '',
    unit = '',
  ) {
    super(name, description, unit);
    if (!(binWidth > 0) || !Number.isInteger(binCount) || binCount < 1) {
      throw new RangeError(`histogram ${name}: needs a positive bin width and at least one bin`);
    }
    this.bins = new Array<number>(binCount).fill(0);
  }

  override sample(x: number): void {
    super.sample(x);
    const i = Math.floor((x - this.low) / this.binWidth);
    if (i < 0) this.underflow++;
    else if (i >= this.bins.length) this.overflow++;
    else this.bins[i]!++;
  }

  override toJSON(): Record<string, number | number[]> {
    return {
      ...super.toJSON(),
      low: this.low,
      bin_width: this.binWidth,
      underflow: this.underflow,
      overflow: this.overflow,
      bins: [...this.bins],
    };
  }
}

/**
 * Busy/idle accounting for one unit. Overlapping operations nest: the unit is
 * busy while at least one is open, so busy time never exceeds elapsed time.
 */
export class BusyTracker {
  private depth = 0;
  private since = 0;
  private accumulatedPs = 0;

  /** An operation starts at `nowPs`; returns true when the unit went from idle to busy. */
  begin(nowPs: number): boolean {
    if (this.depth++ === 0) {
      this.since = nowPs;
      return true;
    }
    return false;
  }

  /** An operation ends at `nowPs`; returns true when the unit became idle. */
  end(nowPs: number): boolean {
    if (this.depth === 0) throw new Error('BusyTracker.end without a matching begin');
    if (--this.depth === 0) {
      this.accumulatedPs += nowPs - this.since;
      return true;
    }
    return false;
  }

  /**
   * Adds busy time known only as a total: a fold-level model knows how many
   * cycles a unit computed within an operation, not at which instants (so no
   * busy signal is published for it).
   */
  credit(ps: number): void {
    this.accumulatedPs += ps;
  }

  /** Whether an operation is open. */
  get isBusy(): boolean {
    return this.depth > 0;
  }

  /** Busy time up to `nowPs`, counting an operation still open. */
  busyPs(nowPs: number): number {
    return this.accumulatedPs + (this.depth > 0 ? nowPs - this.since : 0);
  }
}

/** A component's named statistics; names are unique within the group. */
export class StatGroup {
  readonly counters = new Map<string, Counter>();
  readonly distributions = new Map<string, Distribution>();
  private probe: CounterProbe | undefined;

  /**
   * Makes this group's counters (present and future) publish their values on
   * `bus` as int signals of `component`: opt-in (`--trace-counters`), because
   * counters change far more often than busy or occupancy signals.
   */
  traceCounters(bus: TraceBus, component: string): void {
    this.probe = { bus, component };
    for (const c of this.counters.values()) c.probe = this.probe;
  }

  counter(name: string, description = '', unit = ''): Counter {
    let c = this.counters.get(name);
    if (!c) {
      c = new Counter(name, description, unit);
      c.probe = this.probe;
      this.counters.set(name, c);
    }
    return c;
  }

  distribution(name: string, description = '', unit = ''): Distribution {
    return this.register(name, () => new Distribution(name, description, unit));
  }

  histogram(name: string, low: number, binWidth: number, bins: number, description = '', unit = ''): Histogram {
    return this.register(name, () => new Histogram(name, low, binWidth, bins, description, unit)) as Histogram;
  }

  private register(name: string, make: () => Distribution): Distribution {
    let d = this.distributions.get(name);
    if (!d) {
      d = make();
      this.distributions.set(name, d);
    }
    return d;
  }
}
