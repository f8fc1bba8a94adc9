import { HelenError } from '../errors.js';
import type { Clock } from '../kernel/clock.js';
import type { Simulator } from '../kernel/simulator.js';
import type { TimePs } from '../kernel/time.js';
import type { Counter } from '../stats/statistics.js';
import type { EnergyAction } from '../stats/energy.js';
import type { TraceBus } from '../trace/trace-bus.js';
import { Fifo } from './fifo.js';
import type { InPort, OutPort } from './port.js';

/**
 * The deepest receiver buffer an architecture may give (a port's depth or a
 * connection's): every message a free slot lets leave is an event at once, so
 * a depth of a billion would let one burst fill the memory.
 */
export const MAX_BUFFER_DEPTH = 65_536;

/** How a link behaves. Give the latency in picoseconds or in cycles, not both. */
export interface LinkOptions {
  /** Wire latency in ps, added after serialisation. */
  latencyPs?: TimePs;
  /** Wire latency in cycles of the link's clock (arrival on a clock edge). */
  latencyCycles?: number;
  /** Bandwidth in bytes per cycle of the link's clock; a message of B bytes occupies the wire ceil(B / bytesPerCycle) cycles. Default: unlimited. */
  bytesPerCycle?: number;
  /** Clock for cycle latencies and serialisation; defaults to the sender's clock. */
  clock?: Clock;
  /** Energy per byte carried, in pJ (charged to the sender as `<port>.transfer`). */
  energyPerBytePj?: number;
  /** Receiver buffer depth in messages, overriding the input port's own depth. */
  depth?: number;
}

/** A message held at the sender for want of a credit. */
interface Pending<T> {
  message: T;
  sizeBytes: number;
  sentAtPs: TimePs;
}

/**
 * The held part of a burst from `sendMany`: `left` messages of one size,
 * made one by one as they leave, so a burst of a hundred million holds one
 * entry instead of a hundred million messages.
 */
interface PendingBurst<T> {
  make: () => T;
  left: number;
  sizeBytes: number;
  sentAtPs: TimePs;
}

/**
 * A point-to-point connection from an output port to an input port, with
 * latency, bandwidth and credit-based back-pressure:
 * - a message leaves when the wire is free and the receiver has a free slot
 *   (credits = receiver depth); it occupies the wire for ceil(bytes / bytesPerCycle)
 *   cycles starting at the first edge at or after it leaves, then arrives after the latency;
 * - a slot stays used until the receiver takes the message; the credit comes back at once;
 * - time spent waiting for a credit is charged to the sender (`<port>.blocked_ps`).
 * Messages on one link arrive in the order they were sent.
 *
 * A link with a finite receiver depth publishes two trace signals on the
 * sender: `<port>_credits` (free receiver slots; depth minus the messages on
 * the wire or in the receiver's buffer) and `<port>_waiting` (messages held at
 * the sender for want of a credit). They are declared at construction and
 * published only while a trace records.
 */
export class Link<T> {
  readonly latencyPs: TimePs;
  readonly latencyCycles: number;
  readonly bytesPerCycle: number;
  readonly clock: Clock | undefined;
  private credits: number;
  private readonly latencyOnEdgePs: number;
  private wireFreeAtPs: TimePs = 0;
  private readonly queue = new Fifo<Pending<T> | PendingBurst<T>>();
  /** Messages held at the sender (a burst entry in `queue` holds many). */
  private held = 0;
  /** Messages that left and were not yet taken by the receiver (depth − credits, for a finite depth). */
  private outstanding = 0;
  private readonly readyWaiters: (() => void)[] = [];
  private waitersCount = 0;
  private readonly sim: Simulator;
  private readonly sent: Counter;
  private readonly bytes: Counter;
  private readonly blockedPs: Counter;
  private readonly blockedSends: Counter;
  private readonly transfer: EnergyAction | undefined;
  // Credits are traced only when they are finite (an unbounded receiver never back-pressures).
  private readonly trace: TraceBus | undefined;
  private readonly creditsSignal: string;
  private readonly waitingSignal: string;

  constructor(
    readonly from: OutPort<T>,
    readonly to: InPort<T>,
    options: LinkOptions = {},
  ) {
    if (from.link) throw new HelenError('E_CONNECTED', `${from.fullName} is already connected`);
    if (to.link) throw new HelenError('E_CONNECTED', `${to.fullName} is already connected`);
    if (options.latencyPs !== undefined && options.latencyCycles !== undefined) {
      throw new HelenError(
        'E_PARAM',
        `link ${from.fullName} → ${to.fullName}: give latencyPs or latencyCycles, not both`,
      );
    }
    this.sim = from.owner.sim;
    this.latencyPs = options.latencyPs ?? 0;
    this.latencyCycles = options.latencyCycles ?? 0;
    this.bytesPerCycle = options.bytesPerCycle ?? Infinity;
    this.clock = options.clock ?? from.owner.clockOrUndefined;
    if (!Number.isSafeInteger(this.latencyPs) || this.latencyPs < 0) {
      throw new HelenError(
        'E_PARAM',
        `link ${from.fullName} → ${to.fullName}: latency must be a whole number of ps ≥ 0`,
      );
    }
    if (!Number.isInteger(this.latencyCycles) || this.latencyCycles < 0) {
      throw new HelenError(
        'E_PARAM',
        `link ${from.fullName} → ${to.fullName}: latency in cycles must be a whole number ≥ 0`,
      );
    }
    if (!(this.bytesPerCycle > 0)) {
      throw new HelenError('E_PARAM', `link ${from.fullName} → ${to.fullName}: bandwidth must be positive`);
    }
    if ((this.latencyCycles > 0 || this.bytesPerCycle !== Infinity) && !this.clock) {
      throw new HelenError('E_NO_CLOCK', `link ${from.fullName} → ${to.fullName} counts cycles but has no clock`);
    }
    const depth = options.depth ?? to.depth;
    if (!(depth >= 1))
      throw new HelenError('E_PARAM', `link ${from.fullName} → ${to.fullName}: depth must be at least 1 message`);
    this.credits = depth;
    this.latencyOnEdgePs = this.clock && this.clock.periodDen === 1 ? this.latencyCycles * this.clock.periodNumPs : 0;
    from.link = this;
    to.link = this;
    const stats = from.owner.stats;
    const n = from.name;
    this.sent = stats.counter(`${n}.sent`, 'messages sent', 'messages');
    this.bytes = stats.counter(`${n}.bytes`, 'bytes sent', 'bytes');
    this.blockedPs = stats.counter(`${n}.blocked_ps`, 'time messages waited for a receiver slot', 'ps');
    this.blockedSends = stats.counter(
      `${n}.blocked_sends`,
      'messages that had to wait for a receiver slot',
      'messages',
    );
    if (options.energyPerBytePj !== undefined) {
      this.transfer = from.owner.energy.action(`${n}.transfer`, options.energyPerBytePj);
    }
    this.creditsSignal = `${n}_credits`;
    this.waitingSignal = `${n}_waiting`;
    if (Number.isFinite(depth)) {
      this.trace = this.sim.trace;
      this.trace.declare(from.owner.path, this.creditsSignal, 'int', { initial: depth });
      this.trace.declare(from.owner.path, this.waitingSignal, 'int', { initial: 0 });
    }
  }

  /** True when a message sent now would not wait for a credit. */
  canSendNow(): boolean {
    return this.queue.length === 0 && this.credits > 0;
  }

  /** Messages waiting at the sender for a credit. */
  get waiting(): number {
    return this.held;
  }

  /** @internal See OutPort.send. */
  send(message: T, sizeBytes: number): void {
    if (!(sizeBytes >= 0)) throw new HelenError('E_PARAM', `${this.from.fullName}: message size must be ≥ 0 bytes`);
    this.sent.add();
    this.bytes.add(sizeBytes);
    if (this.transfer !== undefined) this.transfer.charge(sizeBytes);
    if (this.credits > 0 && this.queue.length === 0) {
      this.depart(message, sizeBytes);
      if (this.trace !== undefined && this.trace.active) this.publishCredits();
    } else {
      this.blockedSends.add();
      this.queue.push({ message, sizeBytes, sentAtPs: this.sim.nowPs });
      this.hold(1);
    }
  }

  /**
   * @internal See OutPort.sendMany. Statistics are those of `count` sends in a
   * row; the transfer energy is charged as each message leaves, which in a
   * link's first-in first-out order adds the same energies in the same order.
   */
  sendMany(count: number, sizeBytes: number, make: () => T): void {
    if (!(sizeBytes >= 0)) throw new HelenError('E_PARAM', `${this.from.fullName}: message size must be ≥ 0 bytes`);
    if (!Number.isSafeInteger(count) || count < 0)
      throw new HelenError('E_PARAM', `${this.from.fullName}: a burst is a whole number of messages ≥ 0, got ${count}`);
    if (count === 0) return;
    this.sent.add(count);
    this.bytes.add(count * sizeBytes);
    let left = count;
    if (this.queue.length === 0) {
      for (; left > 0 && this.burstMayLeave(); left--) this.leave(make(), sizeBytes);
      if (left < count && this.trace !== undefined && this.trace.active) this.publishCredits();
    }
    if (left === 0) return;
    this.blockedSends.add(left);
    this.queue.push({ make, left, sizeBytes, sentAtPs: this.sim.nowPs });
    this.hold(left);
  }

  /**
   * Whether a burst's next message may leave now: a credit is free and fewer
   * than MAX_BUFFER_DEPTH messages are out. The second only binds an
   * unbounded receiver, which would otherwise take a burst of 10⁸ as 10⁸
   * events at once; it then takes the burst that many at a time.
   */
  private burstMayLeave(): boolean {
    return this.credits > 0 && this.outstanding < MAX_BUFFER_DEPTH;
  }

  /** A burst's message leaves: its transfer energy is charged now (a single send charged it when sent). */
  private leave(message: T, sizeBytes: number): void {
    if (this.transfer !== undefined) this.transfer.charge(sizeBytes);
    this.depart(message, sizeBytes);
  }

  /** Changes the count of held messages by `delta` and publishes it while a trace records. */
  private hold(delta: number): void {
    this.held += delta;
    if (this.trace !== undefined && this.trace.active)
      this.trace.signal(this.from.owner.path, this.waitingSignal, this.held);
  }

  /** @internal The receiver freed a slot. */
  returnCredit(): void {
    this.credits++;
    this.outstanding--;
    while (this.credits > 0 && this.queue.length > 0) {
      const p = this.queue.peek()!;
      if ('make' in p && !this.burstMayLeave()) break;
      this.blockedPs.add(this.sim.nowPs - p.sentAtPs);
      if ('make' in p) {
        if (--p.left === 0) this.queue.shift();
        this.leave(p.make(), p.sizeBytes);
      } else {
        this.queue.shift();
        this.depart(p.message, p.sizeBytes);
      }
      this.hold(-1);
    }
    // Before waking waiting senders: what they send publishes its own change.
    if (this.trace !== undefined && this.trace.active) this.publishCredits();
    if (this.waitersCount > 0 && this.canSendNow()) {
      const waiters = this.readyWaiters.splice(0);
      this.waitersCount = 0;
      for (const w of waiters) w();
    }
  }

  private publishCredits(): void {
    this.trace!.signal(this.from.owner.path, this.creditsSignal, this.credits);
  }

  /** @internal See OutPort.onReady. */
  whenReady(handler: () => void): void {
    if (this.canSendNow()) handler();
    else this.waitersCount = this.readyWaiters.push(handler);
  }

  private depart(message: T, sizeBytes: number): void {
    this.credits--;
    this.outstanding++;
    const now = this.sim.nowPs;
    let end = now;
    if (sizeBytes > 0 && this.bytesPerCycle !== Infinity) {
      const clock = this.clock!;
      const start = now > this.wireFreeAtPs ? now : this.wireFreeAtPs;
      const cycles = Math.ceil(sizeBytes / this.bytesPerCycle);
      end = clock.cycleToTimePs(clock.cycleAtOrAfter(start) + cycles);
      this.wireFreeAtPs = end;
    }
    let arrival = end + this.latencyPs;
    if (this.latencyCycles > 0) {
      const clock = this.clock!;
      // Integer-period clocks leaving on an edge (the usual case) need no division.
      if (this.latencyOnEdgePs > 0 && (end - clock.phasePs) % clock.periodNumPs === 0)
        arrival = end + this.latencyOnEdgePs;
      else arrival = clock.cycleToTimePs(clock.cycleAtOrBefore(end) + this.latencyCycles);
    }
    this.sim.scheduleAt(arrival, this.to.deliver, message);
  }
}

/** Joins `from` to `to` with the given latency, bandwidth and clock. */
export function connect<T>(from: OutPort<T>, to: InPort<T>, options: LinkOptions = {}): Link<T> {
  return new Link(from, to, options);
}
