import type { TraceBus } from '../trace/trace-bus.js';

/** Where a traced queue publishes its length. */
interface LengthProbe {
  bus: TraceBus;
  component: string;
  signal: string;
}

/**
 * A first-in first-out queue with O(1) push and shift (Array.shift is O(n),
 * which turns long unit queues quadratic). Storage is compacted lazily.
 * `traceLength` makes its length (a queue or buffer occupancy) a trace signal.
 */
export class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;
  /** Number of items queued (a plain field: hot paths read it on every message). */
  length = 0;
  private probe: LengthProbe | undefined;

  /**
   * Publishes the length as int signal `signal` of `component` whenever it
   * changes while a trace is recording (nothing is built otherwise). Declared
   * now at the current length, so a waveform starts from the right occupancy.
   */
  traceLength(bus: TraceBus, component: string, signal: string): this {
    bus.declare(component, signal, 'int', { initial: this.length });
    this.probe = { bus, component, signal };
    return this;
  }

  push(item: T): void {
    this.items.push(item);
    this.length++;
    if (this.probe !== undefined && this.probe.bus.active) this.publish(this.probe);
  }

  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    this.length--;
    if (this.probe !== undefined && this.probe.bus.active) this.publish(this.probe);
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  private publish(p: LengthProbe): void {
    p.bus.signal(p.component, p.signal, this.length);
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i] as T;
  }
}
