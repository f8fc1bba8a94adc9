import type { z } from 'zod';
import {
  HelenError,
  paramDefault,
  paramMeta,
  paramRequired,
  type ComponentRegistry,
  type AnyComponentType,
} from '../core/index.js';
import { didYouMean } from '../core/index.js';

/** One documented parameter of a component type. */
export interface ParamDoc {
  key: string;
  kind: string;
  unit: string;
  default: unknown;
  required: boolean;
  description: string;
  /** Allowed words, for enum parameters. */
  values?: string[];
}

/** One documented operation of a component type. */
export interface OperationDoc {
  description: string;
  /** Its arguments, documented like parameters. */
  args: ParamDoc[];
}

/** One documented child slot of a component type. */
export interface SlotDoc {
  description: string;
  /** Registered types that fill it. */
  types: string[];
  min: number;
  /** Most instances it takes (null: unbounded). */
  max: number | null;
  scope: 'children' | 'descendants';
}

/** Everything `helen list TYPE` shows about a type. */
export interface TypeDoc {
  type: string;
  description: string;
  params: ParamDoc[];
  ports: Record<string, string>;
  operations: Record<string, OperationDoc>;
  /** Statistics its instances publish: name → description with unit. */
  statistics: Record<string, string>;
  slots: Record<string, SlotDoc>;
  /** The names it declares for Accelergy reference tables (docs/accelergy.md): ERT action → parameter or refusal; `area` → the parameter an ART area sets. Absent when it declares none. */
  tableNames?: Record<string, string>;
}

function describeParams(shape: Record<string, z.ZodType>): ParamDoc[] {
  return Object.entries(shape).map(([key, s]) => {
    const meta = paramMeta(s);
    const options =
      (s as { options?: unknown[]; def?: { innerType?: { options?: unknown[] } } }).def?.innerType?.options ??
      (s as { options?: unknown[] }).options;
    // Enum words only: a union's options are schemas, not words.
    const values = options?.every((o) => typeof o === 'string') ? (options as string[]) : undefined;
    return {
      key,
      kind: meta?.kind ?? 'unknown',
      unit: meta?.unit ?? '',
      default: paramDefault(s),
      required: paramRequired(s),
      description: meta?.description ?? '',
      ...(values ? { values: [...values] } : {}),
    };
  });
}

/** The documentation of one type, from its registered declaration. */
export function describeType(t: AnyComponentType): TypeDoc {
  const operations: Record<string, OperationDoc> = {};
  for (const [name, op] of Object.entries(t.operations ?? {})) {
    operations[name] = { description: op.description, args: describeParams(op.args as Record<string, z.ZodType>) };
  }
  const slots: Record<string, SlotDoc> = {};
  for (const [name, slot] of Object.entries(t.slots ?? {})) {
    slots[name] = {
      description: slot.description,
      types: [...slot.types],
      min: slot.min,
      max: slot.max === Infinity ? null : slot.max,
      scope: slot.scope,
    };
  }
  return {
    type: t.type,
    description: t.description,
    params: describeParams(t.params.shape as Record<string, z.ZodType>),
    ports: { ...(t.ports ?? {}) },
    operations,
    statistics: { ...(t.statistics ?? {}) },
    slots,
    ...tableNames(t),
  };
}

/** What `t` declares for reference tables, as `action → parameter` (or `refused: why`) and `area → parameter`. */
function tableNames(t: AnyComponentType): { tableNames?: Record<string, string> } {
  const names: Record<string, string> = {};
  for (const [action, target] of Object.entries(t.energyActions ?? {}))
    names[action] = typeof target === 'string' ? target : `refused: ${target.refuse}`;
  if (t.tableArea !== undefined) names['area'] = t.tableArea;
  return Object.keys(names).length ? { tableNames: names } : {};
}

/** Documentation of every type, or of one (with a did-you-mean when unknown). */
export function listTypes(registry: ComponentRegistry, type?: string): TypeDoc[] {
  if (type === undefined) return registry.types().map(describeType);
  const t = registry.get(type);
  if (!t) {
    const hint = didYouMean(
      type,
      registry.types().map((x) => x.type),
    );
    throw new HelenError(
      'E_UNKNOWN_TYPE',
      `unknown component type "${type}"${hint ? `; did you mean "${hint}"?` : ''}`,
    );
  }
  return [describeType(t)];
}

/** Aligned rows of parameter (or argument) documentation. */
function paramLines(params: ParamDoc[], indent: string): string[] {
  const rows = params.map((p) => [
    p.key,
    p.values ? p.values.join('|') : p.kind,
    p.unit,
    p.required ? '(required)' : p.default === undefined ? '(optional)' : JSON.stringify(p.default),
    p.description,
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), 0));
  return rows.map(
    (r) =>
      indent +
      r
        .slice(0, 4)
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ') +
      '  ' +
      r[4],
  );
}

/** Plain-text rendering for the terminal. */
export function formatTypeDocs(docs: TypeDoc[], detailed: boolean): string {
  if (!detailed) {
    const w = Math.max(...docs.map((d) => d.type.length));
    return docs.map((d) => `${d.type.padEnd(w)}  ${d.description}`).join('\n') + '\n';
  }
  const out: string[] = [];
  for (const d of docs) {
    out.push(`${d.type} — ${d.description}`, '', 'parameters:');
    out.push(...paramLines(d.params, '  '));
    if (Object.keys(d.ports).length) {
      out.push('', 'ports:');
      for (const [k, v] of Object.entries(d.ports)) out.push(`  ${k}  ${v}`);
    }
    if (Object.keys(d.operations).length) {
      out.push('', 'operations (for workloads):');
      for (const [k, v] of Object.entries(d.operations)) {
        out.push(`  ${k}  ${v.description}`);
        out.push(...paramLines(v.args, '      '));
      }
    }
    if (Object.keys(d.statistics).length) {
      out.push('', 'statistics:');
      const w = Math.max(...Object.keys(d.statistics).map((k) => k.length));
      for (const [k, v] of Object.entries(d.statistics)) out.push(`  ${k.padEnd(w)}  ${v}`);
    }
    if (Object.keys(d.slots).length) {
      out.push('', 'child slots:');
      for (const [k, v] of Object.entries(d.slots)) {
        const count = v.max === null ? `${v.min}+` : v.min === v.max ? `${v.min}` : `${v.min}..${v.max}`;
        out.push(`  ${k}  ${v.types.join(' | ')} × ${count} (${v.scope})  ${v.description}`);
      }
    }
    if (d.tableNames) {
      out.push('', 'Accelergy table names (docs/accelergy.md):');
      for (const [k, v] of Object.entries(d.tableNames)) out.push(`  ${k} → ${v}`);
    }
    out.push('');
  }
  return out.join('\n');
}
