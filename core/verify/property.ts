import type fc from 'fast-check';
import type { Clock } from '../kernel/clock.js';
import type { Component } from '../model/component.js';

/** What a check is about: values computed, cycles taken, or things neither created nor lost. */
export type CheckKind = 'functional' | 'timing' | 'conservation';

/** Arguments of one operation (everything of an op-trace line except `to`, `op`, `id`, `after`). */
export type OperationArgs = Record<string, unknown>;

/**
 * For each operation name a type accepts: random valid arguments, given one
 * instance's parameters (and the built instance, for types whose valid
 * arguments depend on their children, such as an IMA's crossbar geometry).
 */
export type OperationArbitraries = Readonly<
  Record<string, (params: Readonly<Record<string, unknown>>, component: Component) => fc.Arbitrary<OperationArgs>>
>;

/** How the operations of a component check are issued: one after another (each alone) or all at once. */
export type Schedule = 'serial' | 'concurrent';

/** One operation as the verifier saw it go through a component. */
export interface ObservedOperation {
  /** The op-trace id (`op0`, `op1`, …). */
  id: string;
  /** Operation name. */
  op: string;
  args: OperationArgs;
  /** When the workload handed it to the component, in ps. */
  issuedPs: number;
  /** When the component reported it done (undefined: never). */
  completedPs: number | undefined;
  /** How many times the component reported it done (exactly 1 is right). */
  completions: number;
  /** Cycles of the component's clock from the first edge at or after issue to completion. */
  cycles: number | undefined;
  /** What the type's `capture` returned at completion (e.g. the result matrix). */
  result: unknown;
}

/** Figures of a run report a check or an invariant may look at (a structural subset of `helen run --json`). */
export interface ObservedReport {
  time_ps: number;
  energy_pj: number;
  energy_by_action_pj: Record<string, number>;
  stop: { reason: string; message: string };
  components: Record<
    string,
    {
      energy_pj: number;
      subtree_energy_pj: number;
      energy_by_action_pj: Record<string, number>;
      area_mm2: number;
      subtree_area_mm2: number;
      busy_ps: number;
      counters: Record<string, number>;
    }
  >;
}

/** One simulated run of a generated workload, seen from one component. */
export interface ObservedRun {
  /** Path of the component under check. */
  path: string;
  /** Its parameters in canonical units. */
  params: Readonly<Record<string, unknown>>;
  /** Its clock (to turn ps into cycles). */
  clock: Clock;
  /** Its operations in issue order. */
  operations: ObservedOperation[];
  report: ObservedReport;
  /** The generated stimulus, for types driven by one (see `ComponentProperties.stimulus`). */
  stimulus?: unknown;
  /** What the type's `watch` recorded during the run. */
  watched?: unknown;
}

/**
 * A workload in a family's own format, for types that no operation reaches
 * (a spike input is driven by a recording, not by `acceptOperation`): cases
 * are written in that format, read by the family's reader, and a counter-example
 * replays with `helen run` as it is.
 */
export interface StimulusSpec {
  /** File extension the family's workload reader recognises (`.csv`). */
  extension: string;
  /** Random valid stimuli for one instance (given its parameters and the built instance). */
  arbitrary: (params: Readonly<Record<string, unknown>>, component: Component) => fc.Arbitrary<unknown>;
  /** A stimulus as the text of a workload file. */
  render: (stimulus: unknown) => string;
}

/**
 * A property of a component type. `check` returns a message when the property
 * is violated (or throws); returning nothing means it held.
 */
export interface ComponentCheck {
  /** Reads as the property, e.g. "result equals the matrix product". */
  name: string;
  kind: CheckKind;
  /** Operations the check draws (default: every one the type has an arbitrary for). */
  operations?: readonly string[];
  /** Default `serial`: each operation issued when the previous one completed, so it runs alone. */
  schedule?: Schedule;
  /** Most operations in one case (default 4): small cases shrink fast and read easily. */
  maxOperations?: number;
  /** Only instances whose parameters satisfy this are checked (e.g. small enough for a detailed model). */
  appliesTo?: (params: Readonly<Record<string, unknown>>) => boolean;
  /**
   * Parameter values for a second run of the same case (e.g. `{ detailed: true }`);
   * `check` then receives that run as `variant`.
   */
  variant?: Readonly<Record<string, string | number | boolean>>;
  check(run: ObservedRun, variant?: ObservedRun): string | undefined | void;
}

/** What a component type registers beside its schema so `helen verify` can exercise and check it. */
export interface ComponentProperties {
  /** Random valid arguments per operation. */
  operations: OperationArbitraries;
  /** Called when each operation completes; the value is the operation's `result` (values the model computed). */
  capture?: (component: Component, op: ObservedOperation) => unknown;
  /** Drives instances with a workload of the family's own format instead of operations. */
  stimulus?: StimulusSpec;
  /**
   * Called with the instance before each run (it may wrap its methods to record
   * what passes through); the function it returns is called after the run and
   * its value becomes the run's `watched`.
   */
  watch?: (component: Component) => () => unknown;
  /** The properties every instance of the type must satisfy. */
  checks: readonly ComponentCheck[];
}

/** Declares a type's properties with their types checked (the counterpart of `defineComponent`). */
export function defineProperties(properties: ComponentProperties): ComponentProperties {
  return properties;
}
