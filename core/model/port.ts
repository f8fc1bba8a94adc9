import { HelenError } from '../errors.js';
import type { Component } from './component.js';
import { Fifo } from './fifo.js';
import type { Link } from './link.js';

/** Options of an input port. */
export interface InPortOptions {
  /** Receive buffer depth in messages; a full buffer back-pressures the sender. Default: unbounded. */
  depth?: number;
}

/**
 * The receiving end of a link. Messages wait in a buffer of `depth` slots until
 * the owner takes them; each slot taken returns a credit to the sender, so a
 * slow receiver makes the sender wait (visible in the sender's statistics).
 */
export class InPort<T> {
  /** Receive buffer depth in messages. */
  readonly depth: number;
  link: Link<T> | undefined;
  private readonly buffer = new Fifo<T>();
  private arrivalHandler: ((port: InPort<T>) => void) | undefined;
  private messageHandler: ((message: T) => void) | undefined;

  constructor(
    readonly owner: Component,
    readonly name: string,
    options: InPortOptions = {},
  ) {
    const depth = options.depth ?? Infinity;
    if (!(depth >= 1)) throw new HelenError('E_PARAM', `${owner.path}.${name}: port depth must be at least 1`);
    this.depth = depth;
  }

  /** `component.port`. */
  get fullName(): string {
    return `${this.owner.path}.${this.name}`;
  }

  /** Messages waiting in the buffer. */
  get size(): number {
    return this.buffer.length;
  }

  /** Push style: every arriving message is taken at once and handed to `handler` (the buffer never fills). */
  onMessage(handler: (message: T) => void): this {
    this.messageHandler = handler;
    return this;
  }

  /** Pull style: `handler` is told of each arrival; the owner calls `take()` when it is ready. */
  onArrival(handler: (port: InPort<T>) => void): this {
    this.arrivalHandler = handler;
    return this;
  }

  /** The oldest waiting message without removing it. */
  peek(): T | undefined {
    return this.buffer.peek();
  }

  /** Removes and returns the oldest waiting message, returning its slot's credit to the sender. */
  take(): T | undefined {
    if (this.buffer.length === 0) return undefined;
    const m = this.buffer.shift()!;
    this.link?.returnCredit();
    return m;
  }

  /** @internal Called (as an event handler) by the link when a message arrives. */
  readonly deliver = (message: T): void => {
    const push = this.messageHandler;
    if (push !== undefined && this.buffer.length === 0) {
      // Push style with nothing queued: the message is taken on arrival, so skip the buffer.
      this.link!.returnCredit();
      push(message);
      return;
    }
    this.buffer.push(message);
    if (push !== undefined) push(this.take()!);
    else if (this.arrivalHandler) this.arrivalHandler(this);
  };
}

/** The sending end of a link. */
export class OutPort<T> {
  link: Link<T> | undefined;

  constructor(
    readonly owner: Component,
    readonly name: string,
  ) {}

  get fullName(): string {
    return `${this.owner.path}.${this.name}`;
  }

  /**
   * Sends a message of `sizeBytes` (0 = no serialisation delay). It is queued if
   * the receiver has no free slot; queued time is charged to the sender as
   * `<port>.blocked_ps`.
   */
  send(message: T, sizeBytes = 0): void {
    if (!this.link) throw new HelenError('E_UNCONNECTED', `${this.fullName} is not connected`);
    this.link.send(message, sizeBytes);
  }

  /**
   * Sends `count` messages of `sizeBytes` in a row, as `count` calls of `send`
   * would, but makes each message (with `make`) only as it leaves: the ones
   * waiting for a credit cost one queue entry, whatever their number.
   */
  sendMany(count: number, sizeBytes: number, make: () => T): void {
    if (!this.link) throw new HelenError('E_UNCONNECTED', `${this.fullName} is not connected`);
    this.link.sendMany(count, sizeBytes, make);
  }

  /** True when a message sent now would leave without waiting for a credit. */
  canSend(): boolean {
    return this.link !== undefined && this.link.canSendNow();
  }

  /** Calls `handler` once, as soon as `canSend()` becomes true (at once if it already is). */
  onReady(handler: () => void): void {
    if (!this.link) throw new HelenError('E_UNCONNECTED', `${this.fullName} is not connected`);
    this.link.whenReady(handler);
  }
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the one place this erasure is written */
/** An input port of any payload type, as a component's port table holds it (ports are invariant in their payload). */
export type AnyInPort = InPort<any>;
/** An output port of any payload type, as a component's port table holds it. */
export type AnyOutPort = OutPort<any>;
/* eslint-enable @typescript-eslint/no-explicit-any */
