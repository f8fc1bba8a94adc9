import { HelenError } from '../errors.js';
import { EventQueue, type EventHandler, type Slot } from './event-queue.js';
import type { Clock } from './clock.js';
import type { TimePs } from './time.js';
import { TraceBus } from '../trace/trace-bus.js';
import { Rng } from './rng.js';

/** Limits that end a run cleanly, with a reason, instead of letting it run away. */
export interface RunBounds {
  /** Dispatch events up to and including this time, then stop with reason `until` and advance `now` to it. */
  untilPs?: TimePs;
  /** Simulated-time budget: events after this time are left pending and the run ends with `max-time`. */
  maxTimePs?: TimePs;
  /** Event budget for this call: the run ends with `max-events` once this many events were dispatched. */
  maxEvents?: number;
  /** Wall-clock budget in milliseconds (checked every few thousand events). */
  wallClockMs?: number;
  /** Called every few thousand events (and at the end) so long runs can show progress. */
  onProgress?: (sim: Simulator) => void;
}

/** Why a run returned. */
export type StopReason = 'completed' | 'until' | 'max-time' | 'max-events' | 'wall-clock' | 'stopped' | 'step';

/** What a run call reports. */
export interface RunResult {
  /** Why the run ended. */
  reason: StopReason;
  /** Human explanation (for `stopped`, the message given to `stop`). */
  message: string;
  /** Simulated time when the run ended. */
  nowPs: TimePs;
  /** Events dispatched by this call. */
  events: number;
}

/** Returned by `scheduleCancellable`: cancel an event before it fires. */
export class EventHandle {
  /** True once cancelled; a cancelled event is never dispatched. */
  cancelled = false;
  /** True once the event ran. */
  fired = false;
  constructor(
    readonly timePs: TimePs,
    readonly handler: EventHandler,
    readonly arg: unknown,
    private readonly sim: Simulator,
  ) {}

  /** Cancels the event; returns false if it already fired or was cancelled. */
  cancel(): boolean {
    if (this.cancelled || this.fired) return false;
    this.cancelled = true;
    this.sim.noteCancelled();
    return true;
  }
}

const CHECK_INTERVAL = 4096;

/** Thrown by `checkWallClock` from inside an event; only the run loop catches it. */
class WallClockUsed extends Error {}

function fireCancellable(h: EventHandle): void {
  h.fired = true;
  h.handler(h.arg);
}

/** What the kernel knows of a component: only its unique path (core/model defines the rest). */
export interface NamedComponent {
  readonly path: string;
}

/** Options for a new simulator. */
export interface SimulatorOptions {
  /** The run's seed: every component's random stream is derived from it and its path. */
  seed?: number;
}

/**
 * The discrete-event kernel. Events are dispatched in (time, priority, insertion
 * sequence) order; time is integer picoseconds and never decreases.
 * Several simulators can live in one process: there is no global state.
 */
export class Simulator {
  /** Current simulated time. */
  nowPs: TimePs = 0;
  /** Events dispatched since creation (cancelled events are not counted). */
  eventsDispatched = 0;
  /** The run's seed. */
  readonly seed: number;
  /** Where components publish signal changes and spans; free when nobody listens. */
  readonly trace: TraceBus;

  /** Every component created on this simulator, in creation order (parents before children). */
  readonly components: NamedComponent[] = [];
  private readonly componentsByPath = new Map<string, NamedComponent>();
  private readonly queue = new EventQueue();
  private cancelledPending = 0;
  private stopRequested = false;
  private stopMessage = '';
  private running = false;
  /** `performance.now()` after which the running call's wall-clock budget is used (Infinity: no bound). */
  private wallDeadline = Infinity;

  constructor(options: SimulatorOptions = {}) {
    this.seed = (options.seed ?? 1) >>> 0;
    this.trace = new TraceBus(() => this.nowPs);
  }

  /** @internal Components call this from their constructor; paths must be unique. */
  registerComponent(component: NamedComponent): void {
    if (this.componentsByPath.has(component.path)) {
      throw new HelenError('E_DUPLICATE', `a component named "${component.path}" already exists`);
    }
    this.componentsByPath.set(component.path, component);
    this.components.push(component);
  }

  /** The component at `path`, if any. */
  component(path: string): NamedComponent | undefined {
    return this.componentsByPath.get(path);
  }

  /** Events waiting to be dispatched (cancelled ones excluded). */
  get pendingEvents(): number {
    return this.queue.pending - this.cancelledPending;
  }

  /** The time of the next pending event, if any (may be a cancelled one). */
  get nextEventTimePs(): TimePs | undefined {
    return this.queue.peekTime();
  }

  /** A random stream for `path`, derived from the run's seed: independent of event interleaving. */
  rngFor(path: string): Rng {
    return Rng.derive(this.seed, path);
  }

  /** Schedules `handler(arg)` after `delayPs` (0 = later in the current instant). */
  schedule<A>(delayPs: TimePs, handler: EventHandler<A>, arg?: A, priority = 0): void {
    const t = this.nowPs + delayPs;
    if (!(delayPs >= 0 && Number.isSafeInteger(t))) this.badTime(delayPs, 'delay');
    this.queue.push(t, priority, handler, arg);
  }

  /** Schedules `handler(arg)` at absolute time `timePs` (not in the past). */
  scheduleAt<A>(timePs: TimePs, handler: EventHandler<A>, arg?: A, priority = 0): void {
    if (!(timePs >= this.nowPs && Number.isSafeInteger(timePs))) this.badTime(timePs, 'time');
    this.queue.push(timePs, priority, handler, arg);
  }

  /**
   * Schedules on a clock: `cycles` ≥ 1 is the N-th edge strictly after now;
   * 0 is the next edge at or after now.
   */
  scheduleCycles<A>(clock: Clock, cycles: number, handler: EventHandler<A>, arg?: A, priority = 0): void {
    this.scheduleAt(this.edgeAfter(clock, cycles), handler, arg, priority);
  }

  /** The time `scheduleCycles(clock, cycles)` would use. */
  edgeAfter(clock: Clock, cycles: number): TimePs {
    if (!Number.isInteger(cycles) || cycles < 0) this.badTime(cycles, 'cycle count');
    if (cycles === 0) return clock.nextEdgeAtOrAfter(this.nowPs);
    return clock.cycleToTimePs(clock.cycleAtOrBefore(this.nowPs) + cycles);
  }

  /** Like `schedule`, but returns a handle that can cancel the event. */
  scheduleCancellable<A>(delayPs: TimePs, handler: EventHandler<A>, arg?: A, priority = 0): EventHandle {
    const h = new EventHandle(this.nowPs + delayPs, handler as EventHandler, arg, this);
    this.schedule(delayPs, fireCancellable, h, priority);
    return h;
  }

  /** @internal bookkeeping for EventHandle.cancel. */
  noteCancelled(): void {
    this.cancelledPending++;
  }

  /**
   * For work that runs long inside one event (a GEMM of millions of tiles):
   * call it every few thousand steps. Once the running call's `wallClockMs`
   * is used, it abandons the event and the run returns with reason
   * `wall-clock` (the kernel alone checks between events, so one long event
   * once escaped the bound). An abandoned event leaves its component half
   * done: such a run reports, but cannot be resumed. Does nothing outside a
   * run or without a wall-clock bound.
   */
  checkWallClock(): void {
    if (this.wallDeadline !== Infinity && performance.now() > this.wallDeadline) throw new WallClockUsed();
  }

  /** Asks the running loop to return after the current event, with reason `stopped`. */
  stop(message = 'stopped by a component'): void {
    this.stopRequested = true;
    this.stopMessage = message;
  }

  /** Runs until no events remain or a bound is hit. */
  run(bounds: RunBounds = {}): RunResult {
    return this.loop(bounds, Infinity);
  }

  /** Runs every event up to and including `timePs`, then sets now to `timePs`. */
  runUntil(timePs: TimePs, bounds: Omit<RunBounds, 'untilPs'> = {}): RunResult {
    return this.loop({ ...bounds, untilPs: timePs }, Infinity);
  }

  /** Dispatches exactly one event (skipping cancelled ones): reason `step`, or `completed` if none remained. */
  step(): RunResult {
    return this.loop({}, 1);
  }

  /** Runs every event up to and including the next edge of `clock` after now. */
  stepCycle(clock: Clock, bounds: Omit<RunBounds, 'untilPs'> = {}): RunResult {
    return this.runUntil(this.edgeAfter(clock, 1), bounds);
  }

  private loop(bounds: RunBounds, maxDispatch: number): RunResult {
    if (this.running) throw new HelenError('E_REENTRANT', 'run() called from inside an event handler');
    this.running = true;
    this.stopRequested = false;
    const start = this.eventsDispatched;
    const until = bounds.untilPs ?? Infinity;
    const maxTime = bounds.maxTimePs ?? Infinity;
    const limit = Math.min(maxDispatch, bounds.maxEvents ?? Infinity);
    const wallMs = bounds.wallClockMs ?? Infinity;
    const progress = bounds.onProgress;
    const t0 = wallMs < Infinity ? performance.now() : 0;
    this.wallDeadline = t0 + wallMs;
    const budget = limit;
    let nextCheck = CHECK_INTERVAL;
    let checkAt = Math.min(budget, nextCheck);
    let reason: StopReason = 'completed';
    let message = 'no events remain';
    let dispatched = 0;
    const queue = this.queue;
    try {
      outer: for (;;) {
        if (budget <= 0) {
          reason = 'max-events';
          message = `event bound ${limit} reached with ${this.pendingEvents} events pending`;
          break;
        }
        const slot: Slot | undefined = queue.earliestSlot();
        if (slot === undefined) break;
        const t = slot.time;
        if (t > until) {
          reason = 'until';
          message = `reached ${until} ps`;
          break;
        }
        if (t > maxTime) {
          reason = 'max-time';
          message = `simulated-time bound ${maxTime} ps reached with ${this.pendingEvents} events pending`;
          break;
        }
        const nowBefore = this.nowPs;
        const dispatchedBefore = dispatched;
        this.nowPs = t;
        for (;;) {
          const lane = slot.nextLane();
          if (lane === undefined) break;
          const items = lane.items;
          // Only this loop moves `head`, so it lives in a local and is stored, never reloaded.
          let i = lane.head;
          while (i < lane.tail) {
            const handler = items[i] as EventHandler;
            const arg = items[i + 1];
            i += 2;
            lane.head = i;
            if (handler === (fireCancellable as EventHandler) && (arg as EventHandle).cancelled) {
              this.cancelledPending--;
              continue;
            }
            dispatched++;
            handler(arg);
            if (this.stopRequested) {
              reason = 'stopped';
              message = this.stopMessage;
              break outer;
            }
            // One comparison per event covers both the event budget and the periodic checks.
            if (dispatched >= checkAt) {
              if (dispatched >= budget) {
                if (dispatched >= maxDispatch) {
                  reason = 'step';
                  message = `dispatched ${dispatched} event(s)`;
                } else {
                  reason = 'max-events';
                  message = `event bound ${limit} reached with ${this.pendingEvents} events pending`;
                }
                break outer;
              }
              nextCheck += CHECK_INTERVAL;
              checkAt = Math.min(budget, nextCheck);
              this.eventsDispatched = start + dispatched;
              if (progress) progress(this);
              if (wallMs < Infinity && performance.now() - t0 > wallMs) {
                reason = 'wall-clock';
                message = `wall-clock budget of ${wallMs} ms used`;
                break outer;
              }
            }
            // A handler may have opened a lower-priority lane at this instant: re-pick.
            if (slot.multi) break;
          }
        }
        // An instant holding only cancelled events must not move time forward.
        if (dispatched === dispatchedBefore) this.nowPs = nowBefore;
        queue.retire(slot);
      }
    } catch (e) {
      if (!(e instanceof WallClockUsed)) throw e;
      reason = 'wall-clock';
      message = `wall-clock budget of ${wallMs} ms used inside an event at ${this.nowPs} ps (the event was abandoned)`;
    } finally {
      this.eventsDispatched = start + dispatched;
      this.running = false;
      this.stopRequested = false;
      this.wallDeadline = Infinity;
    }
    if (reason === 'until' || (reason === 'completed' && until !== Infinity)) {
      if (until !== Infinity && this.nowPs < until) this.nowPs = until;
      if (until !== Infinity) {
        reason = 'until';
        message = `reached ${until} ps`;
      }
    }
    if (progress) progress(this);
    return { reason, message, nowPs: this.nowPs, events: dispatched };
  }

  private badTime(value: number, what: string): never {
    throw new HelenError(
      'E_TIME',
      `cannot schedule with ${what} ${value} at ${this.nowPs} ps: times are whole picoseconds and never in the past`,
    );
  }
}
