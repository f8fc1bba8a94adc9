import { Heap } from 'heap-js';
import type { TimePs } from './time.js';

/** An event's callback; it receives the argument it was scheduled with. */
export type EventHandler<A = any> = (arg: A) => void;

/**
 * The events of one (time, priority) pair, dispatched in insertion order.
 * Handlers and arguments alternate in one array (one push, one bounds check
 * per event); entries are not cleared as they run because the whole lane is
 * recycled as soon as its instant ends.
 */
class Lane {
  priority = 0;
  /** Index of the next handler in `items` (always even). */
  head = 0;
  items: unknown[] = [];

  get pending(): number {
    return (this.items.length - this.head) >> 1;
  }

  reset(priority: number): void {
    this.priority = priority;
    this.head = 0;
    this.items.length = 0;
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
      if (lane.head < lane.items.length) return lane;
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
  // Models schedule in bursts at one time (all stages' next cycle): remember the last slot used.
  private lastSlot: Slot | undefined;

  /** Number of events waiting. */
  get pending(): number {
    return this.size;
  }

  /** Adds one event. `time` must be a non-negative safe integer (the simulator checks). */
  push(time: TimePs, priority: number, handler: EventHandler, arg: unknown): void {
    let slot = this.lastSlot;
    if (slot === undefined || slot.time !== time) slot = this.slots.get(time);
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
    lane.items.push(handler, arg);
    this.lastSlot = slot;
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
    const i = lane.head;
    lane.head += 2;
    out.handler = lane.items[i] as EventHandler;
    out.arg = lane.items[i + 1];
    this.size--;
    return true;
  }

  /** Accounts for one event taken directly from a lane by the dispatch loop. */
  noteTaken(): void {
    this.size--;
  }

  /** Removes a drained slot and recycles its storage. */
  retire(slot: Slot): void {
    if (this.lastSlot === slot) this.lastSlot = undefined;
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
