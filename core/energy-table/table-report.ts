import type { TableKind } from './table-file.js';

/** What became of one action of an ERT entry (all its argument combinations together). */
export interface ActionOutcome {
  /** Accelergy's action name. */
  action: string;
  /** The energy used, pJ: the largest of its argument combinations. */
  energy_pj: number;
  /** How many argument combinations the table lists for it. */
  combinations: number;
  /** The smallest energy among them, pJ (equal to `energy_pj` with one combination). */
  min_energy_pj: number;
  /** The parameter it set, when it matched. */
  parameter?: string;
  /** The value the parameter was given, as Helen reads it (`0.23pJ`, `0.005pJ / 1000ps`). */
  value?: string;
  /** Why it set nothing, when it did not match. */
  reason?: string;
}

/** What became of one table entry. */
export interface EntryOutcome {
  /** `energy` (ERT) or `area` (ART). */
  table: TableKind;
  /** The table file. */
  file: string;
  line?: number;
  column?: number;
  /** The entry's name as written. */
  entry: string;
  /** Whether it set at least one parameter of at least one instance. */
  matched: boolean;
  /** The Helen component (path without indices) its name resolved to. */
  component?: string;
  /** How the name resolved (full name, name without its leading levels, last level). */
  rule?: string;
  /** Instances whose parameters it set. */
  instances: number;
  /** ERT: each action. */
  actions?: ActionOutcome[];
  /** ART: the area, µm², and the parameter it set. */
  area_um2?: number;
  /** ART: the parameter the area set, and its value as Helen reads it (`417um2`). */
  parameter?: string;
  value?: string;
  /** Why it matched nothing, or what it could not do. */
  reason?: string;
  /** Remarks on a match: instances `--set` kept, instances another entry set first. */
  notes: string[];
}

/** The `energyTable` section of a run report: every entry of the tables given, matched or not, and why. */
export interface EnergyTableReport {
  /** The rules the matching follows, in words (also in docs/accelergy.md). */
  rules: string[];
  entries: EntryOutcome[];
  /** Entries that matched, of all entries. */
  matched: number;
  unmatched: number;
}

/** The rules, as the report states them. */
export const MATCHING_RULES: readonly string[] = [
  'names: levels are joined by dots as in Helen paths; the longest tail of the name that is a Helen component path matches it, else its last level when exactly one Helen component ends with it',
  'ranges: [A..B] selects instances A..B, numbered from 1 in Accelergy 0.4 and from 0 before; a level without brackets selects every instance',
  "actions: the type's declared name for the action, else energy_per_<action> or <action>_energy; leak and idle (pJ per cycle) set leakage",
  'arguments: an action listed with several argument combinations uses the largest energy among them',
  'units: ERT energies in pJ, ART areas in µm² (one instance); --set outranks the tables, the tables outrank the architecture file',
];

/** One line for an entry: where it is, what it matched and what it set, or why not. */
export function formatEntryOutcome(o: EntryOutcome): string {
  const where = [o.file, o.line, o.column].filter((x) => x !== undefined).join(':');
  const head = `${o.table} table ${where}: ${o.entry}`;
  if (!o.matched) {
    const actions = (o.actions ?? []).filter((a) => a.reason).map(formatAction);
    return `${head}: unmatched: ${o.reason ?? 'nothing set'}${actions.length ? `: ${actions.join('; ')}` : ''}${notes(o)}`;
  }
  const target = `${o.component} (${o.instances} instance${o.instances === 1 ? '' : 's'}, ${o.rule})`;
  const what =
    o.table === 'area'
      ? `area ${o.area_um2} µm² → ${o.parameter} = ${o.value}`
      : (o.actions ?? []).map(formatAction).join('; ');
  return `${head}: matched ${target}: ${what}${notes(o)}`;
}

function formatAction(a: ActionOutcome): string {
  const spread =
    a.combinations > 1
      ? ` (largest of ${a.combinations} argument combinations, ${a.min_energy_pj}..${a.energy_pj} pJ)`
      : '';
  if (a.parameter) return `${a.action} ${a.energy_pj} pJ → ${a.parameter} = ${a.value}${spread}`;
  return `${a.action}: unmatched (${a.reason})`;
}

function notes(o: EntryOutcome): string {
  return o.notes.length ? ` [${o.notes.join('; ')}]` : '';
}

/** The report's lines, one per entry, in table order. */
export function formatEnergyTableReport(r: EnergyTableReport): string[] {
  return r.entries.map(formatEntryOutcome);
}
