import fc from 'fast-check';
import { Simulator, type SignalValue } from '../../../core/index.js';

/** Components of the random models: a small hierarchy with indexed names. */
export const PATHS = ['chip', 'chip.mem', 'chip.pe[0]', 'chip.pe[1]', 'chip.pe[1].alu', 'io'];

/** One thing a component publishes at some time. */
export type Action =
  | { kind: 'bit' | 'int' | 'real' | 'state'; signal: string; value: SignalValue }
  | { kind: 'begin'; name: string }
  | { kind: 'end' };

/** A step of a random program: wait `dtPs`, then component `at` does `action`. */
export interface Step {
  dtPs: number;
  at: number;
  action: Action;
}

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('bit' as const),
    signal: fc.constantFrom('busy', 'stall'),
    value: fc.constantFrom<SignalValue>(0, 1, true, false),
  }),
  fc.record({
    kind: fc.constant('int' as const),
    signal: fc.constantFrom('occupancy', 'count'),
    value: fc.oneof(fc.nat(300), fc.constant(2 ** 40 + 3)),
  }),
  // Whole voltages (often 0) included: an undeclared signal first seen at 0 widens to real when 0.5 arrives.
  fc.record({
    kind: fc.constant('real' as const),
    signal: fc.constant('v_mem'),
    value: fc.oneof(fc.double({ min: -2, max: 2, noNaN: true }), fc.constantFrom(0, 1, -2)),
  }),
  fc.record({
    kind: fc.constant('state' as const),
    signal: fc.constant('state'),
    value: fc.constantFrom('idle', 'load', 'mvm', 'écrit'),
  }),
  fc.record({ kind: fc.constant('begin' as const), name: fc.constantFrom('mvm', 'read', 'layer conv3') }),
  fc.constant({ kind: 'end' as const }),
);

/** Random programs: times mostly on 1 ns edges, sometimes between them, often several events per instant. */
export const programArb: fc.Arbitrary<Step[]> = fc.array(
  fc.record({
    dtPs: fc.oneof(fc.constant(0), fc.constantFrom(1000, 2000, 5000), fc.integer({ min: 1, max: 3000 })),
    at: fc.nat(PATHS.length - 1),
    action,
  }),
  { maxLength: 60 },
);

/**
 * Builds a simulator that plays the program on its trace bus (declaring the
 * signals first, as components do when built) and returns it with its end time.
 * Spans are kept nested: an `end` closes the component's innermost span, or is skipped.
 */
export function playProgram(steps: Step[]): { sim: Simulator; endPs: number } {
  const sim = new Simulator({ seed: 1 });
  sim.trace.declare('chip.pe[0]', 'busy', 'bit', { initial: 0 });
  sim.trace.declare('chip.mem', 'occupancy', 'int', { widthBits: 4, initial: 0 });
  sim.trace.declare('io', 'v_mem', 'real', { initial: -0.5 });
  sim.trace.declare('io', 'state', 'string', { initial: 'idle' });
  sim.trace.declare('chip.pe[1].alu', 'v_mem', 'real');
  const open = PATHS.map(() => [] as string[]);
  let t = 0;
  for (const s of steps) {
    t += s.dtPs;
    const path = PATHS[s.at]!;
    const a = s.action;
    if (a.kind === 'begin') {
      open[s.at]!.push(a.name);
      sim.scheduleAt(t, () => sim.trace.beginSpan(path, a.name, a.name === 'mvm' ? { rows: 128 } : undefined));
    } else if (a.kind === 'end') {
      const name = open[s.at]!.pop();
      if (name !== undefined) sim.scheduleAt(t, () => sim.trace.endSpan(path, name));
    } else {
      // The kind of a signal name is fixed by its action kind, so a signal never changes kind.
      const signal = a.kind === 'real' ? 'v_mem' : a.kind === 'state' ? 'state' : a.signal;
      sim.scheduleAt(t, () => sim.trace.signal(path, signal, a.value));
    }
  }
  const endPs = t + 500;
  return { sim, endPs };
}
