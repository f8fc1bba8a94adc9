import { didYouMean } from '../config/did-you-mean.js';
import type { InstanceBeingBuilt, ParameterSource } from '../config/parameter-source.js';
import type { ArchitectureSpec, ComponentSpec, ValueSpec } from '../config/spec.js';
import { helenLevels, levelMatches } from './accelergy-name.js';
import { actionParameter, areaParameter, LEAK_ACTIONS, tableValueText } from './action-parameter.js';
import type { ReferenceTable, TableAction, TableEntry } from './table-file.js';
import { MATCHING_RULES, type ActionOutcome, type EnergyTableReport, type EntryOutcome } from './table-report.js';

/** Where an entry's name led: a Helen body path and how many trailing levels of the two names line up. */
interface Resolution {
  bodyPath: string;
  /** Trailing levels compared instance by instance (their ranges select instances). */
  levels: number;
  rule: string;
}

/** One entry on its way through elaboration. */
interface EntryState {
  table: ReferenceTable;
  entry: TableEntry;
  outcome: EntryOutcome;
  resolution?: Resolution;
  /** Parameter → value, decided at the first instance (every instance of a body has the same type). */
  values?: Map<string, ValueSpec>;
  /** Instances each parameter was offered to (not set first by an earlier entry). */
  offered: Map<string, number>;
  /** Instances each parameter was asked for and given (fewer than offered when `--set` outranks it). */
  applied: Map<string, number>;
  /** Instances where another entry had set a parameter first. */
  shadowed: number;
}

/** Every body path (component path without indices) the architecture declares, in file order. */
export function bodyPaths(spec: ArchitectureSpec): string[] {
  const out: string[] = [];
  const visit = (c: ComponentSpec, parent: string): void => {
    const path = parent ? `${parent}.${c.name}` : c.name;
    out.push(path);
    for (const child of c.children) visit(child, path);
  };
  for (const c of spec.components) visit(c, '');
  return out;
}

/** How an Accelergy name resolves to a Helen body path, or why it does not. */
function resolve(entry: TableEntry, bodies: readonly string[]): Resolution | string {
  const names = entry.segments.map((s) => s.name);
  const known = new Set(bodies);
  for (let k = names.length; k >= 1; k--) {
    const candidate = names.slice(-k).join('.');
    if (!known.has(candidate)) continue;
    const dropped = names.length - k;
    const rule =
      dropped === 0 ? 'full name' : `name without its first ${dropped === 1 ? 'level' : `${dropped} levels`}`;
    return { bodyPath: candidate, levels: k, rule };
  }
  const leaf = names[names.length - 1]!;
  const byLeaf = bodies.filter((b) => helenLevels(b).at(-1) === leaf);
  if (byLeaf.length === 1) {
    const helen = helenLevels(byLeaf[0]!);
    let levels = 1;
    while (levels < Math.min(helen.length, names.length) && helen.at(-levels - 1) === names.at(-levels - 1)) levels++;
    return { bodyPath: byLeaf[0]!, levels, rule: 'last level' };
  }
  if (byLeaf.length > 1) return `ambiguous: its last level "${leaf}" ends ${byLeaf.join(', ')}`;
  const leafHint = didYouMean(
    leaf,
    bodies.map((b) => helenLevels(b).at(-1)!),
  );
  const hint = didYouMean(names.join('.'), bodies) ?? bodies.find((b) => helenLevels(b).at(-1) === leafHint);
  return `no such component: no Helen path is a tail of ${names.join('.')}${hint ? ` (did you mean ${hint}?)` : ''}`;
}

/** An action's combinations: the largest energy is the one used (see MATCHING_RULES). */
function groupActions(actions: readonly TableAction[]): Map<string, TableAction[]> {
  const groups = new Map<string, TableAction[]>();
  for (const a of actions) groups.set(a.name, [...(groups.get(a.name) ?? []), a]);
  return groups;
}

/** Accelergy 0.4 gives the cycle a leak is per; otherwise it is the component's own clock. */
function leakCyclePs(a: TableAction, instance: InstanceBeingBuilt): number {
  const seconds = a.arguments['global_cycle_seconds'];
  return typeof seconds === 'number' && seconds > 0 ? seconds * 1e12 : instance.clockPeriodPs;
}

/**
 * Accelergy energy and area reference tables applied to an architecture as
 * parameter values: each entry is resolved to a component of the
 * architecture, each action to the parameter that holds its energy, and every
 * entry is reported, matched or not, with the reason.
 */
export class ReferenceTables implements ParameterSource {
  private readonly states: EntryState[] = [];
  private readonly byBody = new Map<string, EntryState[]>();
  /** Instances built per body path, for "no instance in range" reasons. */
  private readonly instancesOf = new Map<string, number>();

  constructor(tables: readonly ReferenceTable[], spec: ArchitectureSpec) {
    const bodies = bodyPaths(spec);
    for (const table of tables)
      for (const entry of table.entries) {
        const resolution = resolve(entry, bodies);
        const outcome: EntryOutcome = {
          table: table.kind,
          file: table.file,
          ...(entry.loc.line !== undefined ? { line: entry.loc.line, column: entry.loc.column } : {}),
          entry: entry.name,
          matched: false,
          instances: 0,
          notes: [],
        };
        const state: EntryState = { table, entry, outcome, offered: new Map(), applied: new Map(), shadowed: 0 };
        if (typeof resolution === 'string') outcome.reason = resolution;
        else {
          state.resolution = resolution;
          outcome.component = resolution.bodyPath;
          outcome.rule = resolution.rule;
          this.byBody.set(resolution.bodyPath, [...(this.byBody.get(resolution.bodyPath) ?? []), state]);
        }
        this.states.push(state);
      }
  }

  forInstance(instance: InstanceBeingBuilt): ((key: string) => ValueSpec | undefined) | undefined {
    this.instancesOf.set(instance.bodyPath, (this.instancesOf.get(instance.bodyPath) ?? 0) + 1);
    const states = this.byBody.get(instance.bodyPath);
    if (!states) return undefined;
    const levels = helenLevels(instance.path);
    const chosen = new Map<string, { value: ValueSpec; state: EntryState }>();
    for (const state of states) {
      const { entry, table, resolution } = state;
      const selected = entry.segments
        .slice(-resolution!.levels)
        .every((segment, i) =>
          levelMatches(segment, levels[levels.length - resolution!.levels + i]!, table.firstIndex),
        );
      if (!selected) continue;
      state.values ??= this.plan(state, instance);
      if (state.values.size === 0) continue;
      state.outcome.instances++;
      let shadowed = false;
      for (const [key, value] of state.values) {
        if (chosen.has(key)) shadowed = true;
        else {
          chosen.set(key, { value, state });
          state.offered.set(key, (state.offered.get(key) ?? 0) + 1);
        }
      }
      if (shadowed) state.shadowed++;
    }
    return (key) => {
      const c = chosen.get(key);
      if (!c) return undefined;
      c.state.applied.set(key, (c.state.applied.get(key) ?? 0) + 1);
      return c.value;
    };
  }

  /** The parameter values of a matched entry for instances of `instance`'s type, recording each action's fate. */
  private plan(state: EntryState, instance: InstanceBeingBuilt): Map<string, ValueSpec> {
    const values = new Map<string, ValueSpec>();
    const { entry, outcome } = state;
    if (state.table.kind === 'area') {
      outcome.area_um2 = entry.areaUm2!;
      const target = areaParameter(instance.type);
      if ('reason' in target) outcome.reason = target.reason;
      else {
        outcome.parameter = target.parameter;
        outcome.value = tableValueText('area', entry.areaUm2!);
        values.set(target.parameter, { raw: outcome.value, loc: entry.areaLoc! });
      }
      return values;
    }
    outcome.actions = [];
    const setBy = new Map<string, ActionOutcome>();
    for (const [name, combos] of groupActions(entry.actions)) {
      const used = combos.reduce((a, b) => (b.energyPj > a.energyPj ? b : a));
      const action: ActionOutcome = {
        action: name,
        energy_pj: used.energyPj,
        combinations: combos.length,
        min_energy_pj: Math.min(...combos.map((c) => c.energyPj)),
      };
      outcome.actions.push(action);
      const target = actionParameter(instance.type, name);
      if ('reason' in target) {
        action.reason = target.reason;
        continue;
      }
      const raw =
        target.dimension === 'power' && LEAK_ACTIONS.includes(name)
          ? tableValueText('power', used.energyPj, leakCyclePs(used, instance))
          : tableValueText('energy', used.energyPj);
      const first = setBy.get(target.parameter);
      if (first && first.value !== raw) {
        action.reason = `${target.parameter} is already set by "${first.action}" (${first.value})`;
        continue;
      }
      action.parameter = target.parameter;
      action.value = raw;
      setBy.set(target.parameter, action);
      if (!first) values.set(target.parameter, { raw, loc: used.loc });
    }
    if (values.size === 0) outcome.reason = 'none of its actions names an energy parameter of ' + instance.type.type;
    return values;
  }

  /** Every entry's outcome, after elaboration. */
  report(): EnergyTableReport {
    const entries = this.states.map((s) => this.finish(s));
    const matched = entries.filter((e) => e.matched).length;
    return { rules: [...MATCHING_RULES], entries, matched, unmatched: entries.length - matched };
  }

  private finish(state: EntryState): EntryOutcome {
    const o = { ...state.outcome, notes: [...state.outcome.notes] };
    o.matched = o.instances > 0;
    if (state.resolution && o.instances === 0 && o.reason === undefined) {
      const built = this.instancesOf.get(state.resolution.bodyPath) ?? 0;
      o.reason = `no instance of ${state.resolution.bodyPath} in the range it names (${built} built)`;
    }
    for (const [key, offered] of state.offered) {
      const outranked = offered - (state.applied.get(key) ?? 0);
      if (outranked > 0) o.notes.push(`--set outranks ${key} on ${outranked} instance(s)`);
    }
    if (state.shadowed) o.notes.push(`an earlier entry set the same parameters first on ${state.shadowed} instance(s)`);
    return o;
  }
}
