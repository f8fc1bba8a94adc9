import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../api/run.js';
import { defaultRegistry } from '../../support/session.js';
import { elaborate, issueOperation, loadArchitecture, serialServicesOf, type Component } from '../../../core/index.js';

const demo = 'architectures/examples/demo-chip.yaml';
const dir = mkdtempSync(join(tmpdir(), 'helen-serial-'));

/** Builds `architecture` and returns the component at `path` as an operation target. */
function build(architecture: string, path: string) {
  const registry = defaultRegistry();
  const model = elaborate(loadArchitecture(architecture, { registry }), { registry });
  return { model, target: model.sim.component(path) as Component };
}

/**
 * Issues a and b at once, and c from a's completion (as a driver does for an
 * operation waiting `after` a); returns each completion time in ns.
 */
function chained(
  architecture: string,
  path: string,
  op: string,
  args: Record<string, unknown>,
): Record<string, number> {
  const { model, target } = build(architecture, path);
  const done: Record<string, number> = {};
  const finish = (id: string) => () => (done[id] = model.sim.nowPs / 1000);
  issueOperation(target, { id: 'a', name: op, args }, () => {
    finish('a')();
    issueOperation(target, { id: 'c', name: op, args }, finish('c'));
  });
  issueOperation(target, { id: 'b', name: op, args }, finish('b'));
  model.sim.run();
  return done;
}

describe('a serial server serves one job at a time, in arrival order', () => {
  it('three 20-cycle computes on one unit, the third after the first, take 60 cycles (issue 14: it took 40)', () => {
    const ops = join(dir, 'ops.jsonl');
    writeFileSync(
      ops,
      [
        { to: 'chip.pe[0]', op: 'compute', cycles: 20, id: 'a' },
        { to: 'chip.pe[0]', op: 'compute', cycles: 20, id: 'b' },
        { to: 'chip.pe[0]', op: 'compute', cycles: 20, id: 'c', after: ['a'] },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n') + '\n',
    );
    const report = runSimulation({ architecture: demo, workload: ops });
    expect(report.stop.reason).toBe('completed');
    expect(report.time_ps).toBe(60_000);
    // Busy all 60 cycles, never two jobs at once (busy time would still be 40 ns if they overlapped).
    expect(report.components['chip.pe[0]']!.busy_ps).toBe(60_000);
  });

  it('generic.unit: a job queued from a completion waits behind the one already queued (a 20, b 40, c 60)', () => {
    expect(chained(demo, 'chip.pe[0]', 'compute', { cycles: 20 })).toEqual({ a: 20, b: 40, c: 60 });
  });

  it('generic.memory: the same for accesses (2 + 64 B / 32 B per cycle = 4 cycles each: a 4, b 8, c 12)', () => {
    expect(chained(demo, 'chip.sram', 'read', { bytes: 64 })).toEqual({ a: 4, b: 8, c: 12 });
  });

  it('memory.buffer and memory.dram (SerialResource): a booking from a completion starts after the queued one', () => {
    // buffer: 2 + ceil(800 / 256) = 6 cycles per 100 B read; dram: 90 cycles per 1000 B (see memory.test.ts).
    expect(chained('test/components/memory/fixtures/parts.yaml', 'buf', 'read', { bytes: 100 })).toEqual({
      a: 6,
      b: 12,
      c: 18,
    });
    expect(chained('test/components/memory/fixtures/parts.yaml', 'dram', 'read', { bytes: 1000 })).toEqual({
      a: 90,
      b: 180,
      c: 270,
    });
  });

  it('reports each job entering and leaving service to a watcher, one at a time', () => {
    const { model, target } = build(demo, 'chip.pe[0]');
    const services = serialServicesOf(target);
    expect(services).toHaveLength(1);
    const events: string[] = [];
    services[0]!.watchService({
      started: (l) => events.push(`+${l}@${model.sim.nowPs / 1000}`),
      ended: (l) => events.push(`-${l}@${model.sim.nowPs / 1000}`),
    });
    issueOperation(target, { id: 'a', name: 'compute', args: { cycles: 20 } }, () =>
      issueOperation(target, { id: 'c', name: 'compute', args: { cycles: 5 } }, () => {}),
    );
    issueOperation(target, { id: 'b', name: 'compute', args: { cycles: 10 } }, () => {});
    model.sim.run();
    expect(events).toEqual(['+compute@0', '-compute@20', '+compute@20', '-compute@30', '+compute@30', '-compute@35']);
  });
});

describe('a serial server refuses work ending beyond the exact time range at the line that asked for it', () => {
  const MAX_CYCLES = 9_007_199_254_740; // 2^53 ps at 1 GHz, in cycles (rounded down)
  it.each([
    ['one huge compute', [`{"to":"chip.pe[0]","op":"compute","cycles":${MAX_CYCLES + 10}}`], 1],
    [
      'a compute queued behind a short one',
      ['{"to":"chip.pe[0]","op":"compute","cycles":100}', `{"to":"chip.pe[0]","op":"compute","cycles":${MAX_CYCLES}}`],
      2,
    ],
    [
      'two halves that fit alone, the second queued behind the first',
      [
        `{"to":"chip.pe[0]","op":"compute","cycles":${MAX_CYCLES / 2 + 1}}`,
        '{"to":"chip.pe[1]","op":"compute","cycles":5}',
        `{"to":"chip.pe[0]","op":"compute","cycles":${MAX_CYCLES / 2 + 1}}`,
      ],
      3,
    ],
    [
      'a compute issued after a long one finished',
      [
        `{"id":"a","to":"chip.pe[0]","op":"compute","cycles":${MAX_CYCLES - 100}}`,
        '{"to":"chip.pe[0]","op":"compute","cycles":200,"after":["a"]}',
      ],
      2,
    ],
  ])('%s', (name, lines, line) => {
    const file = join(dir, `${name.replace(/ /g, '-')}.jsonl`);
    writeFileSync(file, lines.join('\n') + '\n');
    let error: unknown;
    try {
      runSimulation({ architecture: demo, workload: file });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'E_TIME_OVERFLOW', location: { file, line } });
    expect((error as Error).message).toMatch(
      /^chip\.pe\[0\]: a compute of \d+ cycles would end at cycle \d+, beyond the exact time range of 2\^53 ps/,
    );
  });
});
