import { z } from 'zod';
import {
  ARCHITECTURE_KEYS,
  COMPONENT_KEYS,
  CONNECTION_KEYS,
  paramDefault,
  paramMeta,
  paramRequired,
  type ComponentRegistry,
  type AnyComponentType,
} from '../core/index.js';

type JsonSchema = Record<string, unknown>;

const EXPRESSION: JsonSchema = {
  type: 'string',
  description:
    'an expression: numbers with units (10ns, 1.2GHz, 1.5pJ, 64KiB), variables from params, + - * / % **, min max ceil floor round abs sqrt log2 …',
};

/** One parameter as JSON Schema: what it takes, its unit, its default and its one-line description. */
export function paramJsonSchema(schema: z.ZodType): JsonSchema {
  const meta = paramMeta(schema);
  const base = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const unit = meta?.unit ? ` [${meta.unit}]` : '';
  const description = `${meta?.description ?? ''}${unit}`;
  const def = paramDefault(schema);
  const out: JsonSchema = { description };
  if (def !== undefined) out['default'] = def;
  if (meta?.kind === 'number' || meta?.kind === 'integer') {
    const num: JsonSchema = { type: meta.kind === 'integer' && meta.dimension === 'none' ? 'integer' : 'number' };
    if (typeof base['minimum'] === 'number' && Math.abs(base['minimum']) < Number.MAX_SAFE_INTEGER)
      num['minimum'] = base['minimum'];
    if (typeof base['maximum'] === 'number' && Math.abs(base['maximum']) < Number.MAX_SAFE_INTEGER)
      num['maximum'] = base['maximum'];
    out['anyOf'] = [num, EXPRESSION];
  } else if (meta?.kind === 'enum') {
    out['enum'] = base['enum'];
  } else if (meta?.kind === 'boolean') {
    out['type'] = 'boolean';
  } else {
    out['type'] = 'string';
  }
  return out;
}

function typeParamsSchema(t: AnyComponentType): JsonSchema {
  const shape = t.params.shape as Record<string, z.ZodType>;
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, s] of Object.entries(shape)) {
    properties[key] = paramJsonSchema(s);
    if (paramRequired(s)) required.push(key);
  }
  return {
    type: 'object',
    description: `parameters of ${t.type}: ${t.description}`,
    properties,
    additionalProperties: false,
    ...(required.length ? { required } : {}),
  };
}

const described = (doc: Readonly<Record<string, string>>, key: string, schema: JsonSchema): JsonSchema => ({
  description: doc[key],
  ...schema,
});

/**
 * The JSON Schema of architecture files, generated from the registered
 * component types: editors use it for completion, hover docs and validation
 * (`# yaml-language-server: $schema=…` at the top of a file).
 */
export function architectureJsonSchema(registry: ComponentRegistry): JsonSchema {
  const types = registry.types();
  const quantity: JsonSchema = { anyOf: [{ type: 'number' }, EXPRESSION] };
  const definitions: Record<string, JsonSchema> = {
    quantity,
    componentMap: {
      type: 'object',
      description: 'components by name; name[lo..hi] makes copies name[lo] … name[hi]',
      propertyNames: { pattern: '^[A-Za-z_][\\w-]*(\\[.+\\.\\..+\\])?$' },
      additionalProperties: { $ref: '#/definitions/component' },
    },
    connection: {
      type: 'object',
      required: ['from', 'to'],
      additionalProperties: false,
      properties: {
        from: described(CONNECTION_KEYS, 'from', { type: 'string' }),
        to: described(CONNECTION_KEYS, 'to', { type: 'string' }),
        latency: described(CONNECTION_KEYS, 'latency', quantity),
        latency_cycles: described(CONNECTION_KEYS, 'latency_cycles', quantity),
        bytes_per_cycle: described(CONNECTION_KEYS, 'bytes_per_cycle', quantity),
        depth: described(CONNECTION_KEYS, 'depth', quantity),
        energy_per_byte: described(CONNECTION_KEYS, 'energy_per_byte', quantity),
        clock: described(CONNECTION_KEYS, 'clock', { type: 'string' }),
      },
    },
    component: {
      type: 'object',
      additionalProperties: false,
      anyOf: [{ required: ['type'] }, { required: ['include'] }],
      properties: {
        type: described(COMPONENT_KEYS, 'type', { enum: types.map((t) => t.type) }),
        description: described(COMPONENT_KEYS, 'description', { type: 'string' }),
        count: described(COMPONENT_KEYS, 'count', quantity),
        clock: described(COMPONENT_KEYS, 'clock', { type: 'string' }),
        params: described(COMPONENT_KEYS, 'params', { type: 'object' }),
        children: { $ref: '#/definitions/componentMap' },
        connections: described(COMPONENT_KEYS, 'connections', {
          type: 'array',
          items: { $ref: '#/definitions/connection' },
        }),
        include: described(COMPONENT_KEYS, 'include', { type: 'string' }),
      },
      allOf: types.map((t) => ({
        if: { properties: { type: { const: t.type } }, required: ['type'] },
        then: { properties: { params: { $ref: `#/definitions/params.${t.type}` } } },
      })),
    },
  };
  for (const t of types) definitions[`params.${t.type}`] = typeParamsSchema(t);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://helen-sim.dev/schema/architecture.json',
    title: 'Helen architecture',
    description: 'A chip described for the Helen simulator: clocks, variables, a component tree and links.',
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: {
      name: described(ARCHITECTURE_KEYS, 'name', { type: 'string' }),
      description: described(ARCHITECTURE_KEYS, 'description', { type: 'string' }),
      clock: described(ARCHITECTURE_KEYS, 'clock', quantity),
      clocks: described(ARCHITECTURE_KEYS, 'clocks', { type: 'object', additionalProperties: quantity }),
      params: described(ARCHITECTURE_KEYS, 'params', {
        type: 'object',
        additionalProperties: { anyOf: [{ type: 'number' }, { type: 'boolean' }, EXPRESSION] },
      }),
      include: described(ARCHITECTURE_KEYS, 'include', {
        anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      }),
      components: { $ref: '#/definitions/componentMap', description: ARCHITECTURE_KEYS['components'] },
      connections: described(ARCHITECTURE_KEYS, 'connections', {
        type: 'array',
        items: { $ref: '#/definitions/connection' },
      }),
    },
    definitions,
  };
}

/**
 * The JSON Schema of a component-level include body (the files under `architectures/…/parts/`):
 * one component (type, params, children, connections, …), as the loader reads
 * the file an `include:` names. Same definitions as the architecture schema.
 */
export function partJsonSchema(registry: ComponentRegistry): JsonSchema {
  const { definitions } = architectureJsonSchema(registry);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://helen-sim.dev/schema/part.json',
    title: 'Helen architecture part',
    description:
      'One component body kept in its own file and reused by a component of an architecture with `include:` (keys given beside the include override it).',
    allOf: [{ $ref: '#/definitions/component' }],
    definitions,
  };
}
