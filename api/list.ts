import type { z } from 'zod';
import { HelenError, paramDefault, paramMeta, paramRequired, type ComponentRegistry, type ComponentType } from '../core/index.js';
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

/** Everything `helen list TYPE` shows about a type. */
export interface TypeDoc {
  type: string;
  description: string;
  params: ParamDoc[];
  ports: Record<string, string>;
  operations: Record<string, string>;
}

/** The documentation of one type, from its registered schema. */
export function describeType(t: ComponentType<any>): TypeDoc {
  const shape = t.params.shape as Record<string, z.ZodType>;
  const params = Object.entries(shape).map(([key, s]) => {
    const meta = paramMeta(s);
    const values = (s as { options?: string[]; def?: { innerType?: { options?: string[] } } }).def?.innerType?.options ?? (s as { options?: string[] }).options;
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
  return { type: t.type, description: t.description, params, ports: { ...(t.ports ?? {}) }, operations: { ...(t.operations ?? {}) } };
}

/** Documentation of every type, or of one (with a did-you-mean when unknown). */
export function listTypes(registry: ComponentRegistry, type?: string): TypeDoc[] {
  if (type === undefined) return registry.types().map(describeType);
  const t = registry.get(type);
  if (!t) {
    const hint = didYouMean(type, registry.types().map((x) => x.type));
    throw new HelenError('E_UNKNOWN_TYPE', `unknown component type "${type}"${hint ? `; did you mean "${hint}"?` : ''}`);
  }
  return [describeType(t)];
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
    const rows = d.params.map((p) => [
      p.key,
      p.values ? p.values.join('|') : p.kind,
      p.unit,
      p.required ? '(required)' : JSON.stringify(p.default),
      p.description,
    ]);
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), 0));
    for (const r of rows) out.push('  ' + r.slice(0, 4).map((c, i) => c.padEnd(widths[i]!)).join('  ') + '  ' + r[4]);
    if (Object.keys(d.ports).length) {
      out.push('', 'ports:');
      for (const [k, v] of Object.entries(d.ports)) out.push(`  ${k}  ${v}`);
    }
    if (Object.keys(d.operations).length) {
      out.push('', 'operations (for workloads):');
      for (const [k, v] of Object.entries(d.operations)) out.push(`  ${k}  ${v}`);
    }
    out.push('');
  }
  return out.join('\n');
}
