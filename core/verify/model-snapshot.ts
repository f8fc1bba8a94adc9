import type { Elaboration } from '../config/elaborate.js';
import { Rng } from '../kernel/rng.js';

/** What was saved of one object: its own properties, or its elements / entries. */
type Saved =
  | { kind: 'object'; keys: (string | symbol)[]; values: unknown[]; enumerable: number }
  | { kind: 'array'; values: unknown[] }
  | { kind: 'map'; entries: [unknown, unknown][] }
  | { kind: 'set'; values: unknown[] }
  | { kind: 'typed'; copy: { set(a: ArrayLike<number>): void } & ArrayLike<number> };

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;

/**
 * The state of a built model before it runs, restorable after any number of
 * runs: elaborating a big architecture (ISAAC: 17 k components, ~0.5 s) costs far
 * more than putting back the few hundred thousand fields its objects hold.
 *
 * Every object reachable from the simulator and the model's roots is saved
 * shallowly (own properties, array elements, map and set entries, typed-array
 * contents); restoring writes them back and drops what runs added. Functions
 * are kept as they are: state a model keeps in closures created while it was
 * built would not be restored, which is why verification compares a reused
 * model's trace with a freshly built one's on every invariant case.
 */
export class ModelSnapshot {
  /** Saved objects and their records, side by side (iterating arrays allocates nothing). */
  private readonly objects: object[];
  private readonly records: Saved[];

  private constructor(
    private readonly model: Elaboration,
    saved: Map<object, Saved>,
    /** Whether any random stream was drawn from while the model was built (then the seed cannot be changed on reuse). */
    readonly drewRandomness: boolean,
  ) {
    this.objects = [...saved.keys()];
    this.records = [...saved.values()];
  }

  /** Saves the state of a model that has not run. */
  static take(model: Elaboration): ModelSnapshot {
    const saved = new Map<object, Saved>();
    let drewRandomness = false;
    const stack: object[] = [model.sim, model.roots];
    const visit = (v: unknown) => {
      if (isObject(v) && !saved.has(v)) stack.push(v);
    };
    while (stack.length > 0) {
      const o = stack.pop()!;
      if (saved.has(o)) continue;
      if (o instanceof Rng) drewRandomness = true;
      if (Array.isArray(o)) {
        saved.set(o, { kind: 'array', values: o.slice() });
        o.forEach(visit);
      } else if (o instanceof Map) {
        const entries = [...o.entries()];
        saved.set(o, { kind: 'map', entries });
        for (const [k, v] of entries) {
          visit(k);
          visit(v);
        }
      } else if (o instanceof Set) {
        const values = [...o.values()];
        saved.set(o, { kind: 'set', values });
        values.forEach(visit);
      } else if (ArrayBuffer.isView(o)) {
        if (!(o instanceof DataView))
          saved.set(o, { kind: 'typed', copy: (o as unknown as { slice(): never }).slice() });
      } else {
        const keys = Reflect.ownKeys(o);
        const values = keys.map((k) => (o as Record<string | symbol, unknown>)[k]);
        saved.set(o, { kind: 'object', keys, values, enumerable: enumerableCount(o) });
        values.forEach(visit);
      }
    }
    return new ModelSnapshot(model, saved, drewRandomness);
  }

  /**
   * Puts the model back as it was when the snapshot was taken and returns it
   * as a new `Elaboration` record (state kept per model, such as a workload
   * reader's, must not follow it from run to run). With `seed`, the runs that
   * follow draw from that seed's streams: only allowed when nothing was drawn
   * while the model was built.
   */
  restore(seed?: number): Elaboration {
    const { objects, records } = this;
    for (let i = 0; i < objects.length; i++) restoreOne(objects[i]!, records[i]!);
    if (seed !== undefined && seed >>> 0 !== this.model.sim.seed) {
      if (this.drewRandomness)
        throw new Error('the model drew random numbers while it was built: build it again for another seed');
      // Streams are derived lazily from the seed, and none exists yet (drewRandomness is false).
      (this.model.sim as { seed: number }).seed = seed >>> 0;
    }
    return { ...this.model };
  }

  /** The seed the model's streams derive from now. */
  get seed(): number {
    return this.model.sim.seed;
  }
}

/** Own enumerable string keys (plus inherited enumerable ones, which classes do not have), counted without allocating. */
function enumerableCount(o: object): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}

function restoreOne(o: object, s: Saved): void {
  switch (s.kind) {
    case 'array': {
      const a = o as unknown[];
      if (a.length !== s.values.length) a.length = s.values.length;
      for (let i = 0; i < s.values.length; i++) if (a[i] !== s.values[i]) a[i] = s.values[i];
      return;
    }
    case 'map': {
      const m = o as Map<unknown, unknown>;
      if (m.size === s.entries.length) {
        // Most maps of a model never change in a run: compare (without allocating) before rebuilding.
        let i = 0;
        let same = true;
        m.forEach((v, k) => {
          const e = s.entries[i++]!;
          if (e[0] !== k || e[1] !== v) same = false;
        });
        if (same) return;
      }
      m.clear();
      for (const [k, v] of s.entries) m.set(k, v);
      return;
    }
    case 'set': {
      const st = o as Set<unknown>;
      if (st.size === s.values.length) {
        let i = 0;
        let same = true;
        st.forEach((v) => {
          if (s.values[i++] !== v) same = false;
        });
        if (same) return;
      }
      st.clear();
      for (const v of s.values) st.add(v);
      return;
    }
    case 'typed':
      (o as unknown as { set(a: ArrayLike<number>): void }).set(s.copy);
      return;
    case 'object': {
      const r = o as Record<string | symbol, unknown>;
      const keys = s.keys;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        if (r[k] !== s.values[i]) r[k] = s.values[i];
      }
      // Properties a run added by assignment (an observer's wrapper, a lazily created field) are removed.
      // Counting enumerable keys allocates nothing; only an object whose count changed pays for its key list.
      // (A property added with defineProperty as non-enumerable would go unseen: no model does that.)
      if (enumerableCount(o) !== s.enumerable) {
        const keep = new Set(keys);
        for (const k of Reflect.ownKeys(o)) if (!keep.has(k)) delete r[k];
      }
    }
  }
}
