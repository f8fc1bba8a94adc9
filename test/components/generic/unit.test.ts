import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation, type RunReport } from '../../../api/run.js';
import { validateFiles } from '../../../api/validate.js';
import { GenericUnit } from '../../../components/generic/unit.js';
import { HelenError, MAX_BUFFER_DEPTH, type AnyComponentType, type Session } from '../../../core/index.js';
import { sessionWith } from '../../support/session.js';

type UnitContext = ConstructorParameters<typeof GenericUnit>[0];

/** A session whose generic units are built by `create`. */
function unitsBy(create: (ctx: UnitContext) => GenericUnit): Session {
  return sessionWith((t) =>
    t.type === 'generic.unit' ? { ...t, create: create as unknown as AnyComponentType['create'] } : t,
  );
}

/** The unit as it was: every message of a `send` made and queued at once (a count of 10⁸ ran out of memory). */
class EagerUnit extends GenericUnit {
  override send(bytes: number, count: number, done: () => void): void {
    if (!this.out.link) throw new HelenError('E_OP', `operation "send": ${this.path}.out is not connected`);
    let left = count;
    const consumed = (): void => {
      if (--left === 0) done();
    };
    for (let i = 0; i < count; i++) this.out.send({ bytes, consumed }, bytes);
  }
}

const eager = unitsBy((ctx) => new EagerUnit(ctx));
const dir = mkdtempSync(join(tmpdir(), 'helen-unit-'));
const ARCH = 'architectures/examples/demo-chip.yaml';

/** The report of `lines` (an op trace) on the demo chip with `overrides`, without what varies between runs. */
function run(
  lines: object[],
  overrides: [string, string][],
  session?: Session,
): Omit<RunReport, 'wall_s' | 'events_per_s'> {
  const workload = join(dir, 'ops.jsonl');
  writeFileSync(workload, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const {
    wall_s: _wall,
    events_per_s: _rate,
    ...rest
  } = runSimulation({
    architecture: ARCH,
    workload,
    overrides: new Map(overrides),
    ...(session ? { session } : {}),
  });
  return rest;
}

describe('generic.unit send', () => {
  it.each([
    { case: 'one message', ops: [{ to: 'chip.pe[0]', op: 'send', bytes: 64 }], set: [] },
    { case: 'a burst deeper than the buffer', ops: [{ to: 'chip.pe[0]', op: 'send', bytes: 64, count: 9 }], set: [] },
    {
      case: 'two bursts on one port at once, then compute',
      ops: [
        { id: 'a', to: 'chip.pe[0]', op: 'send', bytes: 48, count: 5 },
        { id: 'b', to: 'chip.pe[0]', op: 'send', bytes: 7, count: 3 },
        { to: 'chip.pe[1]', op: 'compute', count: 2, after: ['a'] },
        { to: 'chip.pe[1]', op: 'send', bytes: 33, count: 4, after: ['b'] },
      ],
      set: [],
    },
    {
      case: 'depth 1, a slow consumer and odd sizes',
      ops: [
        { to: 'chip.pe[0]', op: 'send', bytes: 17, count: 6 },
        { to: 'chip.pe[0]', op: 'send', bytes: 3, count: 2, at: '9ns' },
      ],
      set: [
        ['chip.pe.in_depth', '1'],
        ['chip.pe.cycles_per_message', '5'],
      ],
    },
    {
      case: 'a buffer deeper than the burst',
      ops: [{ to: 'chip.pe[1]', op: 'send', bytes: 100, count: 3 }],
      set: [['chip.pe.in_depth', '8']],
    },
  ] as { case: string; ops: object[]; set: [string, string][] }[])(
    '$case: the same report, bit for bit, as queueing every message up front',
    ({ ops, set }) => {
      const lazy = run(ops, set);
      expect(lazy.stop.reason).toBe('completed');
      expect(lazy).toEqual(run(ops, set, eager));
    },
  );

  it('a send of 10⁸ messages makes only the messages that leave (fewer than 2000 in 2000 events)', () => {
    let made = 0;
    const counting = unitsBy((ctx) => {
      const unit = new GenericUnit(ctx);
      const sendMany = unit.out.sendMany.bind(unit.out);
      unit.out.sendMany = (count, bytes, make) => sendMany(count, bytes, () => (made++, make()));
      return unit;
    });
    const workload = join(dir, 'big.jsonl');
    writeFileSync(workload, '{"to":"chip.pe[0]","op":"send","bytes":64,"count":100000000}\n');
    const r = runSimulation({ architecture: ARCH, workload, maxEvents: 2000, session: counting });
    expect(r.stop.reason).toBe('max-events');
    expect(made).toBeLessThan(2000);
    expect(r.components['chip.pe[0]']!.counters['out.sent']).toBe(1e8);
  });
});

describe('buffer depths', () => {
  // Every message a free slot lets leave is an event at once: a depth of 10⁹ let one burst fill the memory.
  it.each([
    { where: 'in_depth', line: 6, column: 25, path: 'components.a.params.in_depth', inDepth: 1e9, linkDepth: 4 },
    { where: 'a connection', line: 12, column: 12, path: 'connections[0].depth', inDepth: 4, linkDepth: 1e5 },
  ])('a depth beyond $where’s limit is a located E_VALUE', ({ line, column, path, inDepth, linkDepth }) => {
    const file = join(dir, 'depth.yaml');
    writeFileSync(
      file,
      `name: d\nclock: 1GHz\ncomponents:\n  a:\n    type: generic.unit\n    params: { in_depth: ${inDepth} }\n  b:\n    type: generic.unit\nconnections:\n  - from: a.out\n    to: b.in\n    depth: ${linkDepth}\n`,
    );
    const [p, ...rest] = validateFiles([file])[0]!.problems;
    expect(rest).toEqual([]);
    expect([p!.code, p!.location?.line, p!.location?.column, p!.location?.path]).toEqual([
      'E_VALUE',
      line,
      column,
      path,
    ]);
    expect(p!.message).toMatch(new RegExp(`expected number to be <=${MAX_BUFFER_DEPTH}$`));
  });
});
