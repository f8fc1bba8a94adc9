import type { EventHandler } from '../../../core/index.js';
// Random "event programs" for property tests, interpreted identically on any scheduler.
import fc from 'fast-check';

/** One kind of event: what it does when it fires. */
export interface EventSpec {
  delayPs: number;
  priority: number;
  cancellable: boolean;
  /** Specs (by index, always later ones) this event schedules when it fires. */
  spawns: number[];
  /** If set, cancels the n-th most recent still-pending cancellable event. */
  cancelNth: number | undefined;
  /** How many more times the event re-schedules itself. */
  repeats: number;
}

export interface EventProgram {
  specs: EventSpec[];
  /** Specs scheduled before the run starts. */
  roots: number[];
}

export interface SchedulerLike {
  nowPs: number;
  schedule(delayPs: number, fn: EventHandler, arg?: unknown, priority?: number): void;
  scheduleCancellable(delayPs: number, fn: EventHandler, arg?: unknown, priority?: number): { cancel(): boolean };
}

export interface ProgramLog {
  /** `instance@time` in dispatch order. */
  dispatched: string[];
  scheduled: number;
  cancelled: number;
  cancelledIds: Set<number>;
}

const MAX_INSTANCES = 400;

export const eventProgram: fc.Arbitrary<EventProgram> = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.record({
    specs: fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record({
          // Small delays so many events share an instant, the case the bucketed queue optimises.
          delayPs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 10_000 })),
          priority: fc.integer({ min: -2, max: 2 }),
          cancellable: fc.boolean(),
          spawns:
            i + 1 < n ? fc.array(fc.integer({ min: i + 1, max: n - 1 }), { maxLength: 3 }) : fc.constant<number[]>([]),
          cancelNth: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
          repeats: fc.integer({ min: 0, max: 3 }),
        }),
      ),
    ),
    roots: fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 6 }),
  }),
);

/** Runs `program` on `sched` (the caller starts the run via `run`) and records what happened. */
export function interpret(program: EventProgram, sched: SchedulerLike, run: () => void): ProgramLog {
  const log: ProgramLog = { dispatched: [], scheduled: 0, cancelled: 0, cancelledIds: new Set() };
  const pendingCancellable: { id: number; handle: { cancel(): boolean } }[] = [];
  let nextId = 0;

  const fire = (inst: { id: number; spec: number; repeats: number }): void => {
    log.dispatched.push(`${inst.id}@${sched.nowPs}`);
    const idx = pendingCancellable.findIndex((p) => p.id === inst.id);
    if (idx >= 0) pendingCancellable.splice(idx, 1);
    const spec = program.specs[inst.spec]!;
    for (const s of spec.spawns) add(s, program.specs[s]!.repeats);
    if (inst.repeats > 0) add(inst.spec, inst.repeats - 1);
    if (spec.cancelNth !== undefined && pendingCancellable.length > spec.cancelNth) {
      const victim = pendingCancellable.splice(pendingCancellable.length - 1 - spec.cancelNth, 1)[0]!;
      if (victim.handle.cancel()) {
        log.cancelled++;
        log.cancelledIds.add(victim.id);
      }
    }
  };

  const add = (specIndex: number, repeats: number): void => {
    if (nextId >= MAX_INSTANCES) return;
    const spec = program.specs[specIndex]!;
    const inst = { id: nextId++, spec: specIndex, repeats };
    log.scheduled++;
    if (spec.cancellable) {
      const handle = sched.scheduleCancellable(spec.delayPs, fire, inst, spec.priority);
      pendingCancellable.push({ id: inst.id, handle });
    } else {
      sched.schedule(spec.delayPs, fire, inst, spec.priority);
    }
  };

  for (const r of program.roots) add(r, program.specs[r]!.repeats);
  run();
  return log;
}
