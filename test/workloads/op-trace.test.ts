import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { errorOf } from '../support/helen-error.js';
import { OperationIds, RECENT_FINISHED_IDS } from '../../components/generic/op-ids.js';
import { z } from 'zod';
import { runSimulation } from '../../api/run.js';
import { defaultSession } from '../../api/session.js';
import { Component, defineComponent, defineOperation, HelenError } from '../../core/index.js';

const ARCH = 'architectures/examples/demo-chip.yaml';
const dir = mkdtempSync(join(tmpdir(), 'helen-ops-'));

function trace(name: string, lines: (object | string)[]): string {
  const file = join(dir, name);
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

function failure(workload: string, architecture = ARCH): HelenError {
  return errorOf(() => runSimulation({ architecture, workload }));
}

describe('op-trace workloads', () => {
  it('issues timestamped operations at their time and dependent ones when their inputs finish', () => {
    const r = runSimulation({
      architecture: ARCH,
      workload: trace('timed.jsonl', [
        { id: 'a', to: 'chip.pe[0]', op: 'compute', count: 1, at: '10ns' },
        { id: 'b', to: 'chip.pe[1]', op: 'compute', count: 1, at: 20_000 },
        { id: 'c', to: 'chip.pe[2]', op: 'compute', cycles: 3, after: ['a', 'b'] },
      ]),
    });
    // a: 10→14 ns; b: 20→24 ns; c after both: 24→27 ns.
    expect(r.time_ps).toBe(27_000);
    expect(r.components['chip.pe[2]']!.busy_ps).toBe(3_000);
  });

  it('operations on one unit queue in order; operations on different units overlap', () => {
    const r = runSimulation({
      architecture: ARCH,
      workload: trace('overlap.jsonl', [
        { to: 'chip.pe[0]', op: 'compute', count: 2 },
        { to: 'chip.pe[0]', op: 'compute', count: 1 },
        { to: 'chip.pe[1]', op: 'compute', count: 3 },
      ]),
    });
    expect(r.time_ps).toBe(12_000);
    expect(r.components['chip.pe[0]']!.counters['queue_wait_ps']).toBeUndefined();
    expect(r.components['chip.pe[0]']!.busy_ps).toBe(12_000);
  });

  it('streams a long trace through a bounded read-ahead window', () => {
    const lines = Array.from({ length: 150_000 }, (_, i) => ({ to: `chip.pe[${i % 3}]`, op: 'compute', cycles: 1 }));
    const r = runSimulation({ architecture: ARCH, workload: trace('long.jsonl', lines) });
    expect(r.operations).toBe(150_000);
    expect(r.cycles).toBe(50_000);
  });

  it.each([
    ['bad JSON', ['{"to": "chip.pe[0]", "op": }'], 'E_WORKLOAD', 1, /not valid JSON/],
    ['unknown component', [{ to: 'chip.pe[7]', op: 'compute' }], 'E_WORKLOAD', 1, /no component "chip.pe\[7\]"/],
    ['not a target', [{ to: 'chip', op: 'compute' }], 'E_WORKLOAD', 1, /does not take operations/],
    [
      'unknown operation',
      [{ to: 'chip.pe[0]', op: 'frobnicate' }],
      'E_OP',
      1,
      /does not know operation "frobnicate"; it accepts: compute, send/,
    ],
    ['bad argument', ['', { to: 'chip.sram', op: 'read', bytes: -4 }], 'E_OP', 2, /"bytes" must be a whole number ≥ 1/],
    [
      'time going back',
      [
        { to: 'chip.pe[0]', op: 'compute', at: '5ns' },
        { to: 'chip.pe[0]', op: 'compute', at: '4ns' },
      ],
      'E_WORKLOAD',
      2,
      /goes back in time/,
    ],
    ['unknown dependency', [{ to: 'chip.pe[0]', op: 'compute', after: ['zz'] }], 'E_WORKLOAD', 1, /"after" names "zz"/],
    [
      'duplicate id',
      [
        { id: 'x', to: 'chip.pe[0]', op: 'compute' },
        { id: 'x', to: 'chip.pe[1]', op: 'compute' },
      ],
      'E_WORKLOAD',
      2,
      /id "x" is used twice/,
    ],
  ] as const)('reports %s with file and line', (name, lines, code, line, message) => {
    const file = trace(`${name.replace(/ /g, '-')}.jsonl`, [...lines]);
    const e = failure(file);
    expect(e.code).toBe(code);
    expect(e.location?.file).toBe(file);
    expect(e.location?.line).toBe(line);
    expect(e.message).toMatch(message);
  });

  it('points the column at the offending key', () => {
    const e = failure(trace('col.jsonl', ['{"op": "compute", "to": "chip.nope"}']));
    expect(e.location?.column).toBe(19);
    expect(e.location?.path).toBe('to');
  });

  it('names the unfinished operations when the model deadlocks instead of ending silently', () => {
    const session = defaultSession();
    session.registry.register(
      defineComponent({
        type: 'test.black_hole',
        description: 'never finishes',
        params: z.object({}).strict(),
        operations: { anything: defineOperation({ description: 'accepted, never done', args: {}, run: () => {} }) },
        create: (ctx) => new Component(ctx.parent, ctx.name, { type: ctx.type, declaration: ctx.declaration }),
      }),
    );
    const arch = join(dir, 'hole.yaml');
    writeFileSync(arch, 'name: hole\nclock: 1GHz\ncomponents:\n  hole:\n    type: test.black_hole\n');
    let error: unknown;
    try {
      runSimulation({ architecture: arch, workload: trace('hole.jsonl', [{ to: 'hole', op: 'anything' }]), session });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HelenError);
    expect((error as HelenError).code).toBe('E_DEADLOCK');
    expect((error as HelenError).message).toMatch(/1 operation\(s\) unfinished: anything@hole/);
  });
});

describe('op-trace ids in bounded memory', () => {
  /** `n` one-cycle operations spread over the three units, with ids `op1` … `opN`. */
  const ops = (n: number): object[] =>
    Array.from({ length: n }, (_, i) => ({ id: `op${i + 1}`, to: `chip.pe[${i % 3}]`, op: 'compute', cycles: 1 }));

  // Every id was kept: a 10-million-line trace held 2.7 GB.
  it('keeps only the ids something may still wait on, and an after naming a long-finished operation waits for nothing', () => {
    const n = 2 * RECENT_FINISHED_IDS + 1000;
    const held: OperationIds[] = [];
    const finish = OperationIds.prototype.finish;
    const spy = vi.spyOn(OperationIds.prototype, 'finish').mockImplementation(function (this: OperationIds, id) {
      if (!held.includes(this)) held.push(this);
      finish.call(this, id);
    });
    try {
      const r = runSimulation({
        architecture: ARCH,
        workload: trace('long-ids.jsonl', [...ops(n), { to: 'chip.pe[0]', op: 'compute', cycles: 1, after: ['op1'] }]),
      });
      expect(r.operations).toBe(n + 1);
      expect(r.cycles).toBe(Math.ceil(n / 3) + 1);
    } finally {
      spy.mockRestore();
    }
    expect(held).toHaveLength(1);
    expect(held[0]!.exactCount).toBe(RECENT_FINISHED_IDS);
  });

  it.each([
    { case: 'a misspelt id', after: 'op12x', message: /"after" names "op12x", which is not an earlier operation's id/ },
    { case: 'a later line’s id', after: 'later', message: /"after" names "later", which is not an earlier/ },
  ])('$case in after is still refused once older ids are forgotten', ({ after, message }) => {
    const n = RECENT_FINISHED_IDS + 3000;
    const file = trace('forgotten.jsonl', [
      ...ops(n),
      { to: 'chip.pe[0]', op: 'compute', after: [after] },
      { id: 'later', to: 'chip.pe[0]', op: 'compute' },
    ]);
    const e = failure(file);
    expect([e.code, e.location?.line, e.location?.path]).toEqual(['E_WORKLOAD', n + 1, 'after']);
    expect(e.message).toMatch(message);
  });
});

describe('op-trace argument values in messages', () => {
  // JSON.stringify of the argument overflowed the stack (an internal error) and quoted a long one whole.
  it.each([
    { case: 'a list nested 100 000 deep', value: '['.repeat(100_000) + ']'.repeat(100_000), got: 'a list of 1 value' },
    {
      case: 'an object nested 100 000 deep',
      value: '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000),
      got: 'an object',
    },
    { case: 'a string of 100 000 characters', value: `"${'x'.repeat(100_000)}"`, got: `"${'x'.repeat(79)}…` },
  ])('$case is a located E_OP that names it briefly', ({ value, got }) => {
    const file = trace('deep-arg.jsonl', [`{"to": "chip.pe[0]", "op": "compute", "count": ${value}}`]);
    const e = failure(file);
    expect([e.code, e.location?.line, e.location?.column, e.location?.path]).toEqual(['E_OP', 1, 39, 'count']);
    expect(e.message).toBe(`operation "compute": argument "count" must be a whole number, got ${got}`);
  });
});
