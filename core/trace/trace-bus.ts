import { EventEmitter } from 'eventemitter3';
import type { TimePs } from '../kernel/time.js';

/** A value a signal can take: numbers (including real-valued voltages), booleans, or short strings (states). */
export type SignalValue = number | boolean | string;

/** A signal of a component changed value. */
export interface SignalChange {
  /** When, in ps. */
  timePs: TimePs;
  /** Hierarchical path of the component, e.g. `chip.tile[3].ima[5]`. */
  component: string;
  /** Signal name within the component, e.g. `busy`, `occupancy`, `v_mem`. */
  signal: string;
  /** The new value. */
  value: SignalValue;
}

/** An operation span opening (`begin`) or closing (`end`) on a component's track. */
export interface SpanEvent {
  timePs: TimePs;
  component: string;
  /** Operation name, e.g. `mvm` or `layer conv3`. */
  name: string;
  /** `begin` or `end`; spans on one component nest. */
  phase: 'begin' | 'end';
  /** Optional details shown by viewers. */
  args?: Record<string, unknown>;
}

/** How a signal is stored by sinks: one bit, an unsigned/signed integer vector, a real number, or a short text. */
export type SignalKind = 'bit' | 'int' | 'real' | 'string';

/** A signal announced before it changes, so sinks know its kind, width and value before the first change. */
export interface SignalDeclaration {
  component: string;
  signal: string;
  kind: SignalKind;
  /** Bits of an `int` signal (sinks widen it when a larger value appears). */
  widthBits?: number;
  /** The value before the first change (otherwise unknown: `x` in VCD). */
  initial?: SignalValue;
}

/** Map of trace topics to their payloads. */
export interface TraceTopics {
  signal: [SignalChange];
  span: [SpanEvent];
  declare: [SignalDeclaration];
}

/**
 * The trace bus: components publish signal changes and operation spans, sinks
 * (VCD, Perfetto, JSONL writers, tests) subscribe. Publishing starts with a
 * check of `active`, so when nobody listens no event object is even built.
 */
export class TraceBus {
  private readonly emitter = new EventEmitter<TraceTopics>();
  /** True while at least one listener is subscribed; publishers test it first. */
  active = false;
  // Kept even while nobody listens: components declare at build time, sinks attach later.
  private readonly declared = new Map<string, SignalDeclaration>();

  constructor(private readonly now: () => TimePs) {}

  /** Subscribes to a topic; returns a function that unsubscribes. */
  subscribe<K extends keyof TraceTopics>(topic: K, listener: (...args: TraceTopics[K]) => void): () => void {
    this.emitter.on(topic, listener as never);
    this.active = true;
    return () => {
      this.emitter.off(topic, listener as never);
      this.active =
        this.emitter.listenerCount('signal') +
          this.emitter.listenerCount('span') +
          this.emitter.listenerCount('declare') >
        0;
    };
  }

  /**
   * Declares a signal of a component (its kind, width and initial value). Optional: sinks infer
   * undeclared signals from their first value. A later declaration of the same signal replaces it.
   */
  declare(
    component: string,
    signal: string,
    kind: SignalKind,
    options: { widthBits?: number; initial?: SignalValue } = {},
  ): void {
    const d: SignalDeclaration = { component, signal, kind, ...options };
    this.declared.set(`${component}\u0000${signal}`, d);
    if (this.active) this.emitter.emit('declare', d);
  }

  /** Every declaration made so far, in declaration order (for sinks that attach after the model is built). */
  declarations(): SignalDeclaration[] {
    return [...this.declared.values()];
  }

  /** Publishes a signal change at the current time. Call only when `active` (cheap guard at the call site). */
  signal(component: string, signal: string, value: SignalValue): void {
    if (!this.active) return;
    this.emitter.emit('signal', { timePs: this.now(), component, signal, value });
  }

  /** Opens an operation span on a component's track. */
  beginSpan(component: string, name: string, args?: Record<string, unknown>): void {
    if (!this.active) return;
    this.emitter.emit('span', { timePs: this.now(), component, name, phase: 'begin', ...(args ? { args } : {}) });
  }

  /** Closes the innermost open span `name` on a component's track. */
  endSpan(component: string, name: string): void {
    if (!this.active) return;
    this.emitter.emit('span', { timePs: this.now(), component, name, phase: 'end' });
  }
}
