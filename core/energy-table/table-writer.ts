import type { z } from 'zod';
import { HelenError } from '../errors.js';
import type { Component } from '../model/component.js';
import type { Elaboration } from '../config/elaborate.js';
import { evaluateParam, Scope } from '../config/evaluate.js';
import { paramMeta } from '../config/params.js';
import type { AnyComponentType, ComponentRegistry } from '../config/registry.js';
import { splitHelenLevel } from './accelergy-name.js';
import { actionParameter, areaParameter, LEAK_ACTIONS, tableValueText } from './action-parameter.js';
import { bodyPaths } from './table-match.js';

/** An architecture's energies and areas as Accelergy 0.3 reference tables (YAML text). */
export interface WrittenTables {
  /** The ERT: one entry per component (or range of equal instances), one action per energy parameter, pJ. */
  ert: string;
  /** The ART: one entry per component with an area parameter, µm² per instance. */
  art: string;
  /** Entries in each table. */
  entries: { ert: number; art: number };
  /** What was left out and why (an energy parameter no action reads back to), one line each. */
  notes: string[];
}

/** One action a type's entries carry: the Accelergy name and the parameter that reading it back sets. */
interface ActionPlan {
  action: string;
  parameter: string;
  dimension: 'energy' | 'power';
}

/** What the tables say of one instance. */
interface InstanceValues {
  path: string;
  actions: { action: string; energyPj: number }[];
  areaUm2?: number;
}

const NO_VARIABLES = new Scope(new Map());

function schemaOf(type: AnyComponentType, key: string): z.ZodType | undefined {
  return (type.params.shape as Record<string, z.ZodType>)[key];
}

/**
 * The actions to write for `type`: for each energy parameter, its first declared
 * action name, else `X` of `energy_per_X` / `X_energy`, and `leak` for `leakage`;
 * each kept only when `actionParameter` maps it back to that same parameter.
 */
function plannedActions(type: AnyComponentType, notes: string[]): ActionPlan[] {
  const plans: ActionPlan[] = [];
  for (const key of Object.keys(type.params.shape)) {
    const dimension = paramMeta(schemaOf(type, key)!)?.dimension;
    if (dimension !== 'energy' && !(dimension === 'power' && key === 'leakage')) continue;
    const candidates =
      dimension === 'power'
        ? [...LEAK_ACTIONS]
        : [
            ...Object.entries(type.energyActions ?? {})
              .filter(([, target]) => target === key)
              .map(([action]) => action),
            ...[/^energy_per_(.+)$/.exec(key)?.[1], /^(.+)_energy$/.exec(key)?.[1]].filter(
              (a): a is string => a !== undefined,
            ),
          ];
    const reasons: string[] = [];
    const action = candidates.find((a) => {
      const target = actionParameter(type, a);
      if ('reason' in target) reasons.push(`"${a}": ${target.reason}`);
      return 'parameter' in target && target.parameter === key && target.dimension === dimension;
    });
    if (action) plans.push({ action, parameter: key, dimension });
    else
      notes.push(
        `${type.type}.${key}: not written, no ERT action reads back to it${reasons.length ? ` (${reasons.join('; ')})` : ''}`,
      );
  }
  return plans;
}

/** The value `type`'s parameter `key` gets from table text `text`, exactly as elaboration evaluates it. */
function readBack(type: AnyComponentType, key: string, text: string): unknown {
  return evaluateParam(
    { raw: text, loc: { file: 'table writer', path: key } },
    paramMeta(schemaOf(type, key)!),
    NO_VARIABLES,
    key,
  );
}

/** The next double after `x` towards +∞ (`up`) or −∞. */
function nextDouble(x: number, up: boolean): number {
  const f = new Float64Array([x]);
  const i = new BigInt64Array(f.buffer);
  if (x === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  i[0]! += x > 0 === up ? 1n : -1n;
  return f[0]!;
}

/**
 * The table number (pJ, pJ per cycle or µm²) that reads back as `value` (Helen's
 * canonical pJ, mW or mm²): the scaled value to 15 digits, else the nearest
 * doubles around it; undefined when none reads back exactly.
 */
function tableAmount(value: number, read: (amount: number) => unknown, scale: number): number | undefined {
  const guess = value * scale;
  const tried = [Number(guess.toPrecision(15)), guess];
  for (let up = guess, down = guess, k = 0; k < 4; k++)
    tried.push((up = nextDouble(up, true)), (down = nextDouble(down, false)));
  return tried.find((t) => t >= 0 && read(t) === value);
}

/** A component's body path: its path without indices (`chip.pe[2].mac` → `chip.pe.mac`). */
function bodyPathOf(path: string): string {
  return path.replace(/\[\d+\]/g, '');
}

/**
 * The Accelergy names (0.3 numbering: Helen's indices as they are) that cover
 * exactly `paths`, instances of one body: one name with a range at each
 * replicated level when they fill that box, else one name per instance.
 */
export function rangeNames(paths: readonly string[]): string[] {
  const levels = paths.map((p) => p.split('.').map(splitHelenLevel));
  const boxes = levels[0]!.map((level, i) => {
    const indices = levels.map((l) => l[i]!.index).filter((x): x is number => x !== undefined);
    return { name: level.name, first: Math.min(...indices), last: Math.max(...indices), indexed: indices.length > 0 };
  });
  const size = boxes.reduce((n, b) => n * (b.indexed ? b.last - b.first + 1 : 1), 1);
  if (size !== new Set(paths).size) return [...paths];
  return [boxes.map((b) => (b.indexed ? `${b.name}[${b.first}..${b.last}]` : b.name)).join('.')];
}

/** A number YAML 1.1 (PyYAML, Accelergy's reader) and 1.2 both read as a float: `1e-7` needs its `.0`. */
function yamlNumber(n: number): string {
  const s = String(n);
  return /e/.test(s) && !s.includes('.') ? s.replace('e', '.0e') : s;
}

/** A name as a YAML scalar: plain when it is a word, else double-quoted (JSON's quoting is YAML's). */
function yamlName(s: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(s) ? s : JSON.stringify(s);
}

/**
 * Writes an elaborated architecture's energies and areas as Accelergy 0.3 ERT
 * and ART tables that `--energy-table` / `--area-table` read back to the very
 * same parameter values: every action written is checked to map back to its
 * parameter, and every number to evaluate to the parameter's value exactly.
 */
export function writeReferenceTables(model: Elaboration, registry: ComponentRegistry): WrittenTables {
  const notes: string[] = [];
  const bodies = new Set(bodyPaths(model.spec));
  const plans = new Map<AnyComponentType, ActionPlan[]>();
  /** Body path → its instances' values, in the order they were built. */
  const byBody = new Map<string, InstanceValues[]>();
  const visit = (c: Component): void => {
    const type = registry.get(c.type);
    const bodyPath = bodyPathOf(c.path);
    if (type && bodies.has(bodyPath)) {
      if (!plans.has(type)) plans.set(type, plannedActions(type, notes));
      const values = instanceValues(c, type, plans.get(type)!, notes);
      const list = byBody.get(bodyPath);
      if (list) list.push(values);
      else byBody.set(bodyPath, [values]);
    }
    for (const child of c.children) visit(child);
  };
  for (const root of model.roots) visit(root);

  const ert: string[] = [];
  const art: string[] = [];
  for (const instances of byBody.values()) {
    for (const group of groupBy(instances, (v) => JSON.stringify(v.actions))) {
      if (group[0]!.actions.length === 0) continue;
      for (const name of rangeNames(group.map((g) => g.path))) {
        ert.push(`  - name: ${yamlName(name)}`, '    actions:');
        for (const a of group[0]!.actions)
          ert.push(
            `    - name: ${yamlName(a.action)}`,
            '      arguments: null',
            `      energy: ${yamlNumber(a.energyPj)}`,
          );
      }
    }
    for (const group of groupBy(instances, (v) => String(v.areaUm2))) {
      if (group[0]!.areaUm2 === undefined) continue;
      for (const name of rangeNames(group.map((g) => g.path)))
        art.push(`  - name: ${yamlName(name)}`, `    area: ${yamlNumber(group[0]!.areaUm2)}`);
    }
  }
  const head = (what: string): string =>
    `# ${what} of ${model.spec.name}, written by helen export; names are Helen component paths, indices from 0 (Accelergy 0.3).\n`;
  return {
    ert: `${head("Energies per action, pJ (leak: pJ per cycle of the component's clock),")}ERT:\n  version: 0.3\n  tables:${ert.length ? `\n${ert.join('\n')}` : ' []'}\n`,
    art: `${head('Areas of one instance, µm²,')}ART:\n  version: 0.3\n  tables:${art.length ? `\n${art.join('\n')}` : ' []'}\n`,
    entries: {
      ert: ert.filter((l) => l.startsWith('  - ')).length,
      art: art.filter((l) => l.startsWith('  - ')).length,
    },
    notes,
  };
}

/** The table values of one instance: each planned action's energy and the area, as numbers that read back exactly. */
function instanceValues(c: Component, type: AnyComponentType, plans: ActionPlan[], notes: string[]): InstanceValues {
  const values: InstanceValues = { path: c.path, actions: [] };
  const params = c.params as Record<string, unknown>;
  for (const plan of plans) {
    const value = params[plan.parameter];
    if (typeof value !== 'number') continue;
    const check = actionParameter(type, plan.action);
    if (!('parameter' in check) || check.parameter !== plan.parameter)
      throw new HelenError(
        'E_INTERNAL',
        `table writer: action "${plan.action}" does not read back to ${plan.parameter}`,
      );
    const cyclePs = c.clock.periodPs;
    // mW × ps = 1e-3 pJ: the leak per cycle the reader divides by the cycle again.
    const scale = plan.dimension === 'power' ? cyclePs / 1000 : 1;
    const amount = tableAmount(
      value,
      (t) => readBack(type, plan.parameter, tableValueText(plan.dimension, t, cyclePs)),
      scale,
    );
    if (amount === undefined) notes.push(`${c.path}.${plan.parameter}: ${value} does not read back exactly; rounded`);
    values.actions.push({ action: plan.action, energyPj: amount ?? value * scale });
  }
  const area = areaParameter(type);
  const mm2 = 'parameter' in area ? params[area.parameter] : undefined;
  if ('parameter' in area && typeof mm2 === 'number') {
    const um2 = tableAmount(mm2, (t) => readBack(type, area.parameter, tableValueText('area', t)), 1e6);
    if (um2 === undefined) notes.push(`${c.path}.${area.parameter}: ${mm2} mm² does not read back exactly; rounded`);
    values.areaUm2 = um2 ?? mm2 * 1e6;
  }
  return values;
}

/** `items` split by `key`, groups in order of first appearance. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}
