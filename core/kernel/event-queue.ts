import { Heap } from 'heap-js';
import type { TimePs } from './time.js';

/** An event's callback; it receives the argument it was scheduled with. */
export type EventHandler<A = any> = (arg: A) => void;

/** The events of one (time, priority) pair, dispatched in insertion order. */
class Lane {
  priority = 0;
  head = 0;
  handlers: (EventHandler | undefined)[] = [];
  args: unknown[] = [];

  get pending(): number {
    return this.handlers.length - this.head;
  }

  reset(priority: number): void {
    this.priority = priority;
    this.head = 0;
    this.handlers.length = 0;
    this.args.length = 0;
  }
}

/** All events of one instant: lanes sorted by priority (lower runs first). */
class Slot {
  time: TimePs = 0;
  lanes: Lane[] = [];

  /** The lane to dispatch from next, or undefined when the instant is drained. */
  nextLane(): Lane | undefined {
    const lanes = this.lanes;
    for (let i = 0; i < lanes.length; i++) {
      const lane = lanes[i]!;
      if (lane.head < lane.handlers.length) return lane;
    }
    return undefined;
  }
}

/**
 * The future event list: a heap of distinct times over per-time buckets.
 *
 * Hardware models put many events on the same instant (every unit reacting to
 * one clock edge), so instead of one heap entry per event, each distinct time
 * has a slot found through a Map and the heap orders only the distinct times.
 * Inside a slot, events sit in FIFO lanes by priority. The resulting order is
 * exactly (time, priority, insertion sequence).
 */
export class EventQueue {
  private readonly times = new Heap<number>((a, b) => a - b);
  private readonly slots = new Map<TimePs, Slot>();
  private readonly slotPool: Slot[] = [];
  private readonly lanePool: Lane[] = [];
  private size = 0;

  /** Number of events waiting. */
  get pending(): number {
    return this.size;
  }

  /** Adds one event. `time` must be a non-negative safe integer (the simulator checks). */
  push(time: TimePs, priority: number, handler: EventHandler, arg: unknown): void {
    let slot = this.slots.get(time);
    if (slot === undefined) {
      slot = this.slotPool.pop() ?? new Slot();
      slot.time = time;
      this.slots.set(time, slot);
      this.times.push(time);
    }
    const lanes = slot.lanes;
    let lane: Lane | undefined;
    // Fast path: nearly every instant has a single priority.
    if (lanes.length === 1 && lanes[0]!.priority === priority) {
      lane = lanes[0]!;
    } else {
      lane = this.laneFor(lanes, priority);
    }
    lane.handlers.push(handler);
    lane.args.push(arg);
    this.size++;
  }

  private laneFor(lanes: Lane[], priority: number): Lane {
    let i = 0;
    while (i < lanes.length && lanes[i]!.priority < priority) i++;
    if (i < lanes.length && lanes[i]!.priority === priority) return lanes[i]!;
    const lane = this.lanePool.pop() ?? new Lane();
    lane.reset(priority);
    lanes.splice(i, 0, lane);
    return lane;
  }

  /** The earliest time holding events, or undefined when empty. */
  peekTime(): TimePs | undefined {
    return this.times.peek();
  }

  /**
   * The slot of the earliest instant. The caller drains it lane by lane
   * (events pushed for the same instant while draining join it) and then
   * calls `retire`.
   */
  earliestSlot(): Slot | undefined {
    const t = this.times.peek();
    return t === undefined ? undefined : this.slots.get(t);
  }

  /** Takes the next event of a slot: sets `out.handler`/`out.arg`; false when the slot is drained. */
  take(slot: Slot, out: { handler: EventHandler | undefined; arg: unknown }): boolean {
    const lane = slot.nextLane();
    if (lane === undefined) return false;
    const i = lane.head++;
    out.handler = lane.handlers[i];
    out.arg = lane.args[i];
    // Drop references so a long instant does not keep finished payloads alive.
    lane.handlers[i] = undefined;
    lane.args[i] = undefined;
    this.size--;
    return true;
  }

  /** Accounts for one event taken directly from a lane by the dispatch loop. */
  noteTaken(): void {
    this.size--;
  }

  /** Removes a drained slot and recycles its storage. */
  retire(slot: Slot): void {
    this.times.pop();
    this.slots.delete(slot.time);
    for (const lane of slot.lanes) {
      lane.reset(0);
      this.lanePool.push(lane);
    }
    slot.lanes.length = 0;
    this.slotPool.push(slot);
  }

  /** Removes every event. */
  clear(): void {
    while (this.times.length) {
      const s = this.earliestSlot()!;
      this.retire(s);
    }
    this.size = 0;
  }
}

export type { Slot, Lane };
