import { HelenError, HelenErrors, type SourceLocation } from '../errors.js';
import { describeNode, readYamlFile, type YMap, type YNode } from '../config/yaml-source.js';
import { parseAccelergyName, type NameSegment } from './accelergy-name.js';

/** Which reference table a file is: energies per action (ERT) or areas (ART). */
export type TableKind = 'energy' | 'area';

/** One action of an ERT entry, with one combination of its arguments. */
export interface TableAction {
  /** Accelergy's action name (`read`, `mac_random`, `leak`). */
  name: string;
  /** Energy of one occurrence, pJ (Accelergy's unit). */
  energyPj: number;
  /** The argument combination this energy is for (`{ data_delta: 1 }`), empty when it has none. */
  arguments: Readonly<Record<string, unknown>>;
  /** Where the energy is written. */
  loc: SourceLocation;
}

/** One entry of a reference table: a component name and its energies or area. */
export interface TableEntry {
  /** The name as written, e.g. `system.chip.PE[0..15].mac`. */
  name: string;
  segments: NameSegment[];
  /** Where the name is written. */
  loc: SourceLocation;
  /** ERT: its actions, in file order (an action with arguments appears once per combination). */
  actions: TableAction[];
  /** ART: the area of one instance, µm² (Accelergy's unit). */
  areaUm2?: number;
  /** ART: where the area is written. */
  areaLoc?: SourceLocation;
}

/** A reference table read from an Accelergy file. */
export interface ReferenceTable {
  kind: TableKind;
  /** The file, as named. */
  file: string;
  /** Accelergy's format version (`0.3`, `0.4`). */
  version: string;
  /** The index Accelergy gives the first instance of an array: 1 from version 0.4 (`mac[1..256]`), else 0. */
  firstIndex: number;
  entries: TableEntry[];
}

/** The top-level keys each kind accepts, and the key of its list of entries. */
const LAYOUTS: Record<TableKind, Record<string, string>> = {
  energy: { ERT: 'tables', ERT_summary: 'table_summary' },
  area: { ART: 'tables', ART_summary: 'table_summary' },
};

/** What the CLI option of each kind is called in messages. */
const WHAT: Record<TableKind, string> = {
  energy: 'an Accelergy energy reference table (ERT.yaml)',
  area: 'an Accelergy area reference table (ART.yaml)',
};

/**
 * Reads an Accelergy ERT or ART file (versions 0.3 and 0.4, the full tables or
 * their summaries). Every problem is reported at once, each at its line and
 * column with the field it concerns.
 */
export function readReferenceTable(file: string, kind: TableKind): ReferenceTable {
  const problems: HelenError[] = [];
  const root = readYamlFile(file, file, problems);
  const table = root ? readRoot(root, file, kind, problems) : undefined;
  if (problems.length || !table) {
    if (!problems.length) problems.push(new HelenError('E_TABLE', `expected ${WHAT[kind]}`, { file }));
    throw new HelenErrors(problems);
  }
  return table;
}

function readRoot(root: YNode, file: string, kind: TableKind, problems: HelenError[]): ReferenceTable | undefined {
  const layout = LAYOUTS[kind];
  const fail = (loc: SourceLocation, message: string): undefined => {
    problems.push(new HelenError('E_TABLE', message, loc));
    return undefined;
  };
  if (root.kind !== 'map') return fail(root.loc, `expected ${WHAT[kind]}, a mapping, got ${describeNode(root)}`);
  const top = root.entries.find((e) => e.key in layout);
  if (!top) {
    const keys = root.entries.map((e) => e.key).join(', ') || 'none';
    return fail(root.loc, `expected ${WHAT[kind]}: a top-level ${Object.keys(layout).join(' or ')} key; found ${keys}`);
  }
  const body = top.value;
  if (body.kind !== 'map') return fail(body.loc, `${top.key} must be a mapping with version and ${layout[top.key]}`);
  const version = field(body, 'version');
  const list = field(body, layout[top.key]!);
  let versionText: string | undefined;
  if (!version) fail(body.loc, `${top.key} needs "version" (the Accelergy format version, e.g. 0.4)`);
  else if (version.kind !== 'scalar' || (typeof version.value !== 'string' && typeof version.value !== 'number'))
    fail(version.loc, `"version" must be a version number such as 0.4, got ${describeNode(version)}`);
  else versionText = String(version.value);
  if (!list) return fail(body.loc, `${top.key} needs "${layout[top.key]}", the list of entries`);
  if (list.kind !== 'seq')
    return fail(list.loc, `"${layout[top.key]}" must be a list of entries, got ${describeNode(list)}`);
  const entries: TableEntry[] = [];
  for (const item of list.items) {
    const entry = readEntry(item, kind, problems);
    if (entry) entries.push(entry);
  }
  if (versionText === undefined) return undefined;
  const firstIndex = Number.parseFloat(versionText) >= 0.4 ? 1 : 0;
  return { kind, file, version: versionText, firstIndex, entries };
}

function field(map: YMap, key: string): YNode | undefined {
  return map.entries.find((e) => e.key === key)?.value;
}

function readEntry(item: YNode, kind: TableKind, problems: HelenError[]): TableEntry | undefined {
  const fail = (loc: SourceLocation, message: string): undefined => {
    problems.push(new HelenError('E_TABLE', message, loc));
    return undefined;
  };
  if (item.kind !== 'map') return fail(item.loc, `an entry must be a mapping with "name", got ${describeNode(item)}`);
  const nameNode = field(item, 'name');
  if (!nameNode) return fail(item.loc, 'an entry needs "name", the component it describes (e.g. system.PE[0..15].mac)');
  if (nameNode.kind !== 'scalar' || typeof nameNode.value !== 'string')
    return fail(nameNode.loc, `"name" must be a component name, got ${describeNode(nameNode)}`);
  const segments = parseAccelergyName(nameNode.value);
  if (typeof segments === 'string') return fail(nameNode.loc, `"name": ${segments}`);
  const entry: TableEntry = { name: nameNode.value, segments, loc: nameNode.loc, actions: [] };
  if (kind === 'area') {
    const area = field(item, 'area');
    if (!area) return fail(item.loc, `entry "${entry.name}" needs "area", in µm²`);
    const um2 = quantity(area, '"area"', 'µm²', problems);
    if (um2 === undefined) return undefined;
    return { ...entry, areaUm2: um2, areaLoc: area.loc };
  }
  const actions = field(item, 'actions');
  if (!actions) return fail(item.loc, `entry "${entry.name}" needs "actions", a list of { name, arguments, energy }`);
  if (actions.kind !== 'seq') return fail(actions.loc, `"actions" must be a list, got ${describeNode(actions)}`);
  let ok = true;
  for (const a of actions.items) {
    const action = readAction(a, problems);
    if (action) entry.actions.push(...action);
    else ok = false;
  }
  return ok ? entry : undefined;
}

/** An ERT action (one combination), or an ERT_summary action (its largest energy, the rule full tables follow). */
function readAction(node: YNode, problems: HelenError[]): TableAction[] | undefined {
  if (node.kind !== 'map') {
    problems.push(
      new HelenError(
        'E_TABLE',
        `an action must be a mapping with name and energy, got ${describeNode(node)}`,
        node.loc,
      ),
    );
    return undefined;
  }
  const name = field(node, 'name');
  if (!name || name.kind !== 'scalar' || typeof name.value !== 'string' || name.value === '') {
    problems.push(new HelenError('E_TABLE', 'an action needs "name", a word such as read', (name ?? node).loc));
    return undefined;
  }
  const energy = field(node, 'energy') ?? field(node, 'max_energy');
  if (!energy) {
    problems.push(new HelenError('E_TABLE', `action "${name.value}" needs "energy", in pJ`, node.loc));
    return undefined;
  }
  const pj = quantity(energy, `"energy" of action "${name.value}"`, 'pJ', problems);
  if (pj === undefined) return undefined;
  const args = field(node, 'arguments');
  const argumentsRead: Record<string, unknown> = {};
  if (args && args.kind === 'map') for (const e of args.entries) argumentsRead[e.key] = plain(e.value);
  else if (args && !(args.kind === 'scalar' && args.value === null)) {
    problems.push(
      new HelenError(
        'E_TABLE',
        `"arguments" of action "${name.value}" must be a mapping, got ${describeNode(args)}`,
        args.loc,
      ),
    );
    return undefined;
  }
  return [{ name: name.value, energyPj: pj, arguments: argumentsRead, loc: energy.loc }];
}

/** A finite number ≥ 0 (Accelergy writes bare numbers in its units), or a located problem. */
function quantity(node: YNode, what: string, unit: string, problems: HelenError[]): number | undefined {
  const v = node.kind === 'scalar' ? node.value : undefined;
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  const got = typeof v === 'number' ? String(v) : describeNode(node);
  problems.push(
    new HelenError('E_TABLE', `${what} must be a number ≥ 0 in ${unit} (Accelergy's unit), got ${got}`, node.loc),
  );
  return undefined;
}

function plain(node: YNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
}
