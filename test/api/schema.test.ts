import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { architectureJsonSchema, partJsonSchema } from '../../api/schema.js';
import { describeType, listTypes } from '../../api/list.js';
import { defaultRegistry } from '../support/session.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    // `*.ERT.yaml` / `*.ART.yaml` are Accelergy reference tables for `--energy-table` / `--area-table`, not architectures.
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(f) && !/\.(ERT|ART)\.ya?ml$/.test(f) ? [p] : [];
  });
}

const schema = architectureJsonSchema(defaultRegistry());
const partSchema = partJsonSchema(defaultRegistry());
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);
// Component-level include files (`parts/`) hold one component body, not a whole architecture: the shipped part schema, as editors read it.
const validatePart = ajv.compile(JSON.parse(readFileSync('docs/helen-part.schema.json', 'utf8')));
const isPart = (file: string) => file.split(/[\\/]/).includes('parts');
const shipped = yamlFiles('architectures');
const parts = shipped.filter(isPart);
const architectures = shipped.filter((f) => !isPart(f));

/** The schema file a `# yaml-language-server: $schema=…` line points at, resolved from the YAML file's folder. */
function modelineSchema(file: string): string | undefined {
  const m = /^# yaml-language-server: \$schema=(\S+)/m.exec(readFileSync(file, 'utf8'));
  return m ? resolve(dirname(file), m[1]!) : undefined;
}

describe('JSON Schema of architecture files', () => {
  it('docs/helen.schema.json is what `helen schema` generates (regenerate with `npx helen schema -o docs/helen.schema.json`)', () => {
    expect(JSON.parse(readFileSync('docs/helen.schema.json', 'utf8'))).toEqual(schema);
  });

  // Regenerate after changing types: npm run build && node -e "import('./dist/api/schema.js').then(async (s) => process.stdout.write(JSON.stringify(s.partJsonSchema((await import('./dist/api/session.js')).defaultSession().registry), null, 2) + '\\n'))" > docs/helen-part.schema.json
  it('docs/helen-part.schema.json is the include-body schema partJsonSchema generates', () => {
    expect(JSON.parse(readFileSync('docs/helen-part.schema.json', 'utf8'))).toEqual(partSchema);
  });

  it('finds both kinds of shipped file', () => {
    expect(parts.length).toBeGreaterThanOrEqual(5);
    expect(architectures.length).toBeGreaterThanOrEqual(10);
  });

  it.each(architectures)('validates the architecture %s against the root schema, which its modeline names', (file) => {
    const ok = validate(parse(readFileSync(file, 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(modelineSchema(file)).toBe(resolve('docs/helen.schema.json'));
  });

  it.each(parts)('validates the include body %s against the part schema, which its modeline names', (file) => {
    const ok = validatePart(parse(readFileSync(file, 'utf8')));
    expect(validatePart.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(modelineSchema(file)).toBe(resolve('docs/helen-part.schema.json'));
  });

  it('an include body is not an architecture, nor the other way round', () => {
    const pe = parse(readFileSync('architectures/examples/parts/pe.yaml', 'utf8'));
    // The root schema wants a name and refuses a component's keys: why a part needs its own schema.
    expect(validate(pe)).toBe(false);
    expect(validatePart(pe)).toBe(true);
    expect(validatePart({ name: 'x', components: {} })).toBe(false);
    expect(validatePart({ params: { cycles_per_op: 2 } })).toBe(false);
    expect(validatePart({ type: 'generic.unit', params: { cycles_per_opp: 2 } })).toBe(false);
    expect(validatePart({ include: 'isaac-tile.yaml', children: { ola: { type: 'reram.shift_add' } } })).toBe(true);
  });

  it('rejects unknown keys, unknown types and unknown parameters', () => {
    expect(validate({ name: 'x', clokc: '1GHz' })).toBe(false);
    expect(validate({ name: 'x', components: { a: { type: 'generic.nope' } } })).toBe(false);
    expect(validate({ name: 'x', components: { a: { type: 'generic.unit', params: { cycles_per_opp: 2 } } } })).toBe(
      false,
    );
    expect(
      validate({ name: 'x', components: { a: { type: 'generic.unit', params: { cycles_per_op: '2 * n' } } } }),
    ).toBe(true);
  });

  it('documents every parameter with a description and its unit', () => {
    for (const doc of listTypes(defaultRegistry())) {
      for (const p of doc.params) {
        expect(p.description.length, `${doc.type}.${p.key}`).toBeGreaterThan(5);
      }
    }
    const unit = describeType(defaultRegistry().require('generic.memory'));
    expect(unit.params.find((p) => p.key === 'read_energy_per_byte')).toMatchObject({
      unit: 'pJ',
      default: 0,
      required: false,
    });
    expect(unit.params.find((p) => p.key === 'capacity')).toMatchObject({ unit: 'bytes', required: true });
  });
});
