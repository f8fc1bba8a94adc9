import {
  Component,
  Fifo,
  EXACT_TIME_RANGE,
  HelenError,
  registerSerialService,
  type SerialService,
  type ServiceWatcher,
} from '../../core/index.js';

/** One piece of work for a serial server: how many cycles it occupies, and what to do when it ends. */
export interface Job {
  cycles: number;
  /** Called when the job starts (charge energy, publish a span). */
  onStart?: () => void;
  /** Called when the job's last cycle ends. */
  onDone?: () => void;
  /** Name for the trace span. */
  label: string;
}

/**
 * A unit that does one job at a time, in arrival order, each starting on a
 * clock edge and lasting a whole number of cycles. Busy time, the `busy`
 * signal and operation spans come from here, so every generic unit reports
 * them the same way.
 *
 * `working` stays set from a job's start until the next job is chosen, the
 * finished job's `onDone` included: a job that callback queues (an operation
 * waiting for the finished one) waits its turn behind those already queued
 * instead of starting beside them.
 */
export class SerialServer extends Component implements SerialService {
  private readonly jobs = new Fifo<Job>();
  private working = false;
  /** The cycle by which the queued jobs end, run back to back: checked on every enqueue (see `enqueue`). */
  private horizonCycle = 0;
  private watcher: ServiceWatcher | undefined = undefined;
  protected readonly jobsDone = this.stats.counter('jobs', 'jobs completed', 'jobs');
  protected readonly busyCycles = this.stats.counter('busy_cycles', 'cycles spent working', 'cycles');
  protected readonly waitPs = this.stats.distribution('queue_wait_ps', 'time a job waited before it started', 'ps');

  constructor(...args: ConstructorParameters<typeof Component>) {
    super(...args);
    registerSerialService(this, this);
  }

  watchService(watcher: ServiceWatcher | undefined): void {
    this.watcher = watcher;
  }

  /**
   * Queues a job; it starts on the first edge at which the unit is free. A job
   * that would end beyond the exact time range is refused here, while the
   * operation that queued it is being issued (so the error names its workload
   * line), not later inside an event.
   */
  enqueue(job: Job): void {
    const clock = this.clock;
    const horizon = Math.max(this.horizonCycle, clock.cycleAtOrAfter(this.sim.nowPs)) + job.cycles;
    if (!clock.isExactCycle(horizon))
      throw new HelenError(
        'E_TIME_OVERFLOW',
        `${this.path}: a ${job.label} of ${job.cycles} cycles would end at cycle ${horizon}, beyond the exact time range of ${EXACT_TIME_RANGE}`,
      );
    this.horizonCycle = horizon;
    (job as Job & { queuedAt?: number }).queuedAt = this.sim.nowPs;
    this.jobs.push(job);
    if (!this.working) this.startNext();
  }

  /** Next job to run when the local queue is empty (e.g. a message waiting on an input port). */
  protected pullJob(): Job | undefined {
    return undefined;
  }

  /** Lets a subclass start work after something arrived (a message). */
  protected poke(): void {
    if (!this.working) this.startNext();
  }

  private startNext(): void {
    const job = this.jobs.shift() ?? this.pullJob();
    if (!job) return;
    this.working = true;
    const clock = this.clock;
    const startCycle = clock.cycleAtOrAfter(this.sim.nowPs);
    this.sim.scheduleAt(clock.cycleToTimePs(startCycle), this.begin, { job, startCycle });
  }

  private readonly begin = ({ job, startCycle }: { job: Job; startCycle: number }): void => {
    const queuedAt = (job as Job & { queuedAt?: number }).queuedAt;
    if (queuedAt !== undefined) this.waitPs.sample(this.sim.nowPs - queuedAt);
    this.watcher?.started(job.label);
    this.beginBusy();
    if (this.sim.trace.active) this.sim.trace.beginSpan(this.path, job.label);
    job.onStart?.();
    this.sim.scheduleAt(this.clock.cycleToTimePs(startCycle + job.cycles), this.end, job);
  };

  private readonly end = (job: Job): void => {
    if (this.sim.trace.active) this.sim.trace.endSpan(this.path, job.label);
    this.endBusy();
    this.jobsDone.add();
    this.busyCycles.add(job.cycles);
    this.watcher?.ended(job.label);
    job.onDone?.();
    this.working = false;
    this.startNext();
  };
}
