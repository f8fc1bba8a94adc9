import { TimeHeap } from './time-heap.js';
import type { TimePs } from './time.js';

/**
 * An event's callback; it receives the argument it was scheduled with. The default is `any` because the queue
 * stores handlers of every argument type side by side, and a parameter type is contravariant.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
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
  /** End of the used part of `items`; the array keeps its capacity across reuses to avoid regrowing it. */
  tail = 0;
  items: unknown[] = [];

  get pending(): number {
    return (this.tail - this.head) >> 1;
  }

  reset(priority: number): void {
    this.priority = priority;
    this.head = 0;
    this.tail = 0;
  }
}

/** All events of one instant: lanes sorted by priority (lower runs first). */
class Slot {
  time: TimePs = 0;
  /** Never empty: the first lane stays with the slot across reuses (most instants need only it). */
  lanes: Lane[] = [new Lane()];
  /** True once the instant has more than one priority (the dispatcher then re-picks lanes after each event). */
  multi = false;

  /** The lane to dispatch from next, or undefined when the instant is drained. */
  nextLane(): Lane | undefined {
    const lanes = this.lanes;
    for (let i = 0; i < lanes.length; i++) {
      const lane = lanes[i]!;
      if (lane.head < lane.tail) return lane;
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
  private readonly times = new TimeHeap();
  private readonly slots = new Map<TimePs, Slot>();
  private readonly slotPool: Slot[] = [];
  private readonly lanePool: Lane[] = [];
  // Models schedule in bursts at one (time, priority) — every stage's next cycle — so the
  // last lane used is remembered and most pushes touch neither the Map nor the slot.
  private lastLane: Lane | undefined;
  private lastTime = -1;
  private lastPriority = 0;

  /**
   * Number of events waiting. Counted on demand (walking the slots) rather
   * than maintained per event: the dispatch loop is the hot path, this is not.
   */
  get pending(): number {
    let n = 0;
    for (const slot of this.slots.values()) for (const lane of slot.lanes) n += lane.pending;
    return n;
  }

  /** Adds one event. `time` must be a non-negative safe integer (the simulator checks). */
  push(time: TimePs, priority: number, handler: EventHandler, arg: unknown): void {
    let lane = this.lastLane;
    if (time !== this.lastTime || priority !== this.lastPriority || lane === undefined) {
      lane = this.findLane(time, priority);
      this.lastLane = lane;
      this.lastTime = time;
      this.lastPriority = priority;
    }
    const items = lane.items;
    const tail = lane.tail;
    items[tail] = handler;
    items[tail + 1] = arg;
    lane.tail = tail + 2;
  }

  private findLane(time: TimePs, priority: number): Lane {
    let slot = this.slots.get(time);
    if (slot === undefined) {
      slot = this.slotPool.pop() ?? new Slot();
      slot.time = time;
      slot.lanes[0]!.reset(priority);
      this.slots.set(time, slot);
      this.times.push(time);
      return slot.lanes[0]!;
    }
    const lanes = slot.lanes;
    // Nearly every instant has a single priority.
    if (lanes.length === 1 && lanes[0]!.priority === priority) return lanes[0]!;
    return this.laneFor(slot, priority);
  }

  private laneFor(slot: Slot, priority: number): Lane {
    const lanes = slot.lanes;
    let i = 0;
    while (i < lanes.length && lanes[i]!.priority < priority) i++;
    if (i < lanes.length && lanes[i]!.priority === priority) return lanes[i]!;
    const lane = this.lanePool.pop() ?? new Lane();
    lane.reset(priority);
    lanes.splice(i, 0, lane);
    slot.multi = true;
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
    return true;
  }

  /** Removes a drained slot and recycles its storage. */
  retire(slot: Slot): void {
    if (slot.time === this.lastTime) this.lastLane = undefined;
    this.times.pop();
    this.slots.delete(slot.time);
    const lanes = slot.lanes;
    for (let i = 1; i < lanes.length; i++) this.lanePool.push(lanes[i]!);
    lanes.length = 1;
    lanes[0]!.reset(0);
    slot.multi = false;
    this.slotPool.push(slot);
  }

  /** Removes every event. */
  clear(): void {
    while (this.times.length) {
      const s = this.earliestSlot()!;
      this.retire(s);
    }
  }
}

export type { Slot, Lane };
