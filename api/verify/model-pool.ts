import { elaborate, HelenError, type ArchitectureSpec, type Elaboration } from '../../core/index.js';
import { ModelSnapshot } from '../../core/verify/index.js';
import type { Session } from '../session.js';
import { isFaithful, pruneTo } from './prune.js';

/**
 * Built models of one architecture for a verification session. The file is
 * loaded once; each set of overrides is elaborated once and then restored from
 * a snapshot before every run, so a run costs its simulation rather than an
 * elaboration. A model whose construction drew random numbers is rebuilt
 * when the seed changes (its streams are fixed from then on).
 *
 * A run about one component (`scope`) gets the architecture cut down to that
 * component and its ancestors, when the cut builds it exactly as the whole
 * architecture does (see `isFaithful`): on ISAAC, 40 components instead of 17 k.
 */
export class ModelPool {
  private readonly snapshots = new Map<string, ModelSnapshot>();
  /** Scoped keys whose cut was not faithful (or did not build): they run on the whole model. */
  private readonly uncut = new Set<string>();
  /** For each scoped key, the component the chosen cut is around (the scope or an ancestor). */
  private readonly cuts = new Map<string, string>();
  /** Elaborations done (fresh and cut models included), for reports and tests. */
  elaborations = 0;

  constructor(
    private readonly spec: ArchitectureSpec,
    private readonly session: Session,
  ) {}

  /** A newly elaborated model of the whole architecture, never reused. */
  fresh(overrides: ReadonlyMap<string, string>, seed: number): Elaboration {
    return this.build(this.spec, overrides, seed);
  }

  /** A model as if just elaborated with these overrides and seed; with `scope`, possibly cut down to that component. */
  model(overrides: ReadonlyMap<string, string>, seed: number, scope?: string): Elaboration {
    const key = [...overrides].map(([k, v]) => `${k}=${v}`).join('\n');
    if (scope !== undefined && !this.uncut.has(`${scope}\n${key}`)) {
      const cut = this.cutModel(scope, key, overrides, seed);
      if (cut) return cut;
    }
    return this.restore(key, this.spec, overrides, seed);
  }

  /**
   * The smallest faithful cut around `scope`: the component's own, else its
   * parent's (an IMA's register cannot be built without the IMA's other
   * children), and so on up to the top level.
   */
  private cutModel(
    scope: string,
    key: string,
    overrides: ReadonlyMap<string, string>,
    seed: number,
  ): Elaboration | undefined {
    const scopedKey = `${scope}\n${key}`;
    let chosen = this.cuts.get(scopedKey);
    if (chosen === undefined) {
      for (
        let around: string | undefined = scope;
        around !== undefined && chosen === undefined;
        around = parentPath(around)
      ) {
        if (this.tryCut(around, scope, key, overrides, seed)) chosen = around;
      }
      if (chosen === undefined) {
        this.uncut.add(scopedKey);
        return undefined;
      }
      this.cuts.set(scopedKey, chosen);
    }
    return this.restore(`${chosen}\n${key}`, pruneTo(this.spec, chosen)!, overrides, seed);
  }

  /** Builds the cut around `around` and keeps its snapshot if it builds `scope` as the whole model does. */
  private tryCut(
    around: string,
    scope: string,
    key: string,
    overrides: ReadonlyMap<string, string>,
    seed: number,
  ): boolean {
    const cutKey = `${around}\n${key}`;
    if (this.snapshots.has(cutKey))
      return isFaithful(
        this.restore(key, this.spec, overrides, seed),
        this.restore(cutKey, pruneTo(this.spec, around)!, overrides, seed),
        scope,
      );
    const spec = pruneTo(this.spec, around);
    if (!spec) return false;
    try {
      const cut = this.build(spec, overrides, seed);
      if (!isFaithful(this.restore(key, this.spec, overrides, seed), cut, scope)) return false;
      this.snapshots.set(cutKey, ModelSnapshot.take(cut));
      return true;
    } catch (e) {
      // A cut the elaborator refuses (an ancestor needing its other children, an override of a removed component) is no cut.
      if (!(e instanceof HelenError)) throw e;
      return false;
    }
  }

  private restore(
    key: string,
    spec: ArchitectureSpec,
    overrides: ReadonlyMap<string, string>,
    seed: number,
  ): Elaboration {
    let snap = this.snapshots.get(key);
    if (!snap || (snap.drewRandomness && snap.seed !== seed >>> 0)) {
      snap = ModelSnapshot.take(this.build(spec, overrides, seed));
      this.snapshots.set(key, snap);
    }
    return snap.restore(seed);
  }

  private build(spec: ArchitectureSpec, overrides: ReadonlyMap<string, string>, seed: number): Elaboration {
    this.elaborations++;
    return elaborate(spec, { registry: this.session.registry, seed, overrides });
  }
}

/** `chip.tile[3].ima[0]` → `chip.tile[3]`; undefined for a top-level component (its cut would be the whole architecture, or nearly). */
function parentPath(path: string): string | undefined {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? undefined : path.slice(0, dot);
}
