import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { architectureJsonSchema } from '../../api/schema.js';
import { describeType, listTypes } from '../../api/list.js';
import { defaultRegistry } from '../../components/index.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(f) ? [p] : [];
  });
}

const schema = architectureJsonSchema(defaultRegistry());
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);
// Component-level include files hold one component body, not a whole architecture.
const componentSchema = ajv.compile({ ...schema, $id: undefined, $ref: '#/definitions/component', required: undefined, properties: undefined, additionalProperties: undefined, type: undefined });

describe('JSON Schema of architecture files', () => {
  it('docs/helen.schema.json is what `helen schema` generates (regenerate with `npx helen schema -o docs/helen.schema.json`)', () => {
    expect(JSON.parse(readFileSync('docs/helen.schema.json', 'utf8'))).toEqual(schema);
  });

  it.each(yamlFiles('architectures'))('validates the shipped file %s', (file) => {
    const doc = parse(readFileSync(file, 'utf8'));
    const check = file.includes('/parts/') ? componentSchema : validate;
    const ok = check(doc);
    expect(check.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects unknown keys, unknown types and unknown parameters', () => {
    expect(validate({ name: 'x', clokc: '1GHz' })).toBe(false);
    expect(validate({ name: 'x', components: { a: { type: 'generic.nope' } } })).toBe(false);
    expect(validate({ name: 'x', components: { a: { type: 'generic.unit', params: { cycles_per_opp: 2 } } } })).toBe(false);
    expect(validate({ name: 'x', components: { a: { type: 'generic.unit', params: { cycles_per_op: '2 * n' } } } })).toBe(true);
  });

  it('documents every parameter with a description and its unit', () => {
    for (const doc of listTypes(defaultRegistry())) {
      for (const p of doc.params) {
        expect(p.description.length, `${doc.type}.${p.key}`).toBeGreaterThan(5);
      }
    }
    const unit = describeType(defaultRegistry().require('generic.memory'));
    expect(unit.params.find((p) => p.key === 'read_energy_per_byte')).toMatchObject({ unit: 'pJ', default: 0, required: false });
    expect(unit.params.find((p) => p.key === 'capacity')).toMatchObject({ unit: 'bytes', required: true });
  });
});
