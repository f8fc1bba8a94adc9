import { describe, expect, it } from 'vitest';
import { describeType, formatTypeDocs } from '../../api/list.js';
import { defaultRegistry } from '../support/session.js';

describe('helen list TYPE documents what a type declares', () => {
  const registry = defaultRegistry();

  it('operations with every argument: kind, unit, default or optional, description (optional arguments included)', () => {
    const unit = describeType(registry.require('generic.unit'));
    expect(unit.operations['compute']!.args).toEqual([
      {
        key: 'count',
        kind: 'integer',
        unit: '',
        default: 1,
        required: false,
        description: 'operations done (energy_per_op each)',
      },
      {
        key: 'cycles',
        kind: 'integer',
        unit: '',
        default: undefined,
        required: false,
        description: 'cycles to occupy the unit instead of count × cycles_per_op',
      },
    ]);
    const ima = describeType(registry.require('reram.ima'));
    expect(ima.operations['mvm']!.args.find((a) => a.key === 'inputs')).toMatchObject({
      kind: 'vectors',
      required: false,
    });
    expect(ima.operations['mvm']!.args.find((a) => a.key === 'inputs')!.values).toBeUndefined();
    expect(formatTypeDocs([unit], true)).toMatch(/cycles\s+integer\s+\(optional\)\s+cycles to occupy the unit/);
  });

  it('statistics and child slots', () => {
    const engine = describeType(registry.require('systolic.engine'));
    expect(Object.keys(engine.slots).sort()).toEqual(['arrays', 'hbm', 'sram', 'vector']);
    expect(engine.slots['arrays']).toMatchObject({ types: ['systolic.array'], min: 1, max: null });
    const memory = describeType(registry.require('generic.memory'));
    expect(memory.statistics['bytes_read']).toBe('bytes read (bytes)');
    expect(formatTypeDocs([engine], true)).toMatch(/child slots:\n {2}arrays {2}systolic\.array × 1\+/);
  });

  it('the names a type declares for Accelergy tables, and none for a type that declares none', () => {
    const buffer = describeType(registry.require('memory.buffer'));
    expect(buffer.tableNames).toEqual({ update: 'write_energy' });
    expect(formatTypeDocs([buffer], true)).toMatch(
      /Accelergy table names \(docs\/accelergy\.md\):\n {2}update → write_energy\n/,
    );
    expect(describeType(registry.require('generic.unit')).tableNames).toBeUndefined();
  });
});
