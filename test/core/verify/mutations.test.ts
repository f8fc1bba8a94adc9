import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../api/run.js';
import type { Session } from '../../../api/session.js';
import { verifyArchitecture, type VerifiedProperty } from '../../../api/verify.js';
import { defaultRegistry } from '../../../components/index.js';
import { GenericMemory } from '../../../components/generic/memory.js';
import { GenericUnit } from '../../../components/generic/unit.js';
import { SystolicArray } from '../../../components/systolic/array.js';
import { ComponentRegistry, type Component, type CreateContext, type Operation } from '../../../core/index.js';
import { fromOpTrace } from '../../../core/verify/index.js';
import { defaultWorkloads } from '../../../workloads/index.js';

// Seeded faults, each hidden behind an input condition so that finding it needs search and a small case needs shrinking.

/** Off by one cycle: a compute of count ≥ 3 takes one cycle too many. */
class OffByOneUnit extends GenericUnit {
  override acceptOperation(op: Operation, done: () => void): void {
    const count = Number(op.args['count'] ?? 1);
    if (op.name === 'compute' && op.args['cycles'] === undefined && count >= 3) {
      super.acceptOperation({ ...op, args: { ...op.args, cycles: count * Number(this.params['cycles_per_op']) + 1 } }, done);
    } else super.acceptOperation(op, done);
  }
}

/** Dropped completion: a write of 40 bytes or more is never reported done. */
class DroppingMemory extends GenericMemory {
  override acceptOperation(op: Operation, done: () => void): void {
    super.acceptOperation(op, op.name === 'write' && Number(op.args['bytes']) >= 40 ? () => {} : done);
  }
}

/** Wrong rounding: transfer cycles are floor(bytes / bytes_per_cycle) instead of ceil. */
class FlooringMemory extends GenericMemory {
  private bytes = 0;
  override acceptOperation(op: Operation, done: () => void): void {
    this.bytes = Number(op.args['bytes']);
    super.acceptOperation(op, done);
  }
  override enqueue(job: Parameters<GenericMemory['enqueue']>[0]): void {
    const partial = this.bytes % Number(this.params['bytes_per_cycle']) !== 0;
    super.enqueue({ ...job, cycles: job.cycles - (partial ? 1 : 0) });
  }
}

/** Wrong rounding of results: odd negative outputs rounded towards zero. */
class RoundingArray extends SystolicArray {
  override acceptOperation(op: Operation, done: () => void): void {
    super.acceptOperation(op, () => {
      this.lastResult = this.lastResult?.map((row) => row.map((x) => (x < 0 && x % 2 !== 0 ? x + 1 : x)));
      done();
    });
  }
}

/** A session whose registry builds `type` with `create` instead (test-only: the shipped registry is untouched). */
function mutantSession(type: string, create: (ctx: CreateContext<any>) => Component): Session {
  const registry = new ComponentRegistry();
  for (const t of defaultRegistry().types()) registry.register(t.type === type ? { ...t, create } : t);
  return { registry, workloads: defaultWorkloads() };
}

const dir = mkdtempSync(join(tmpdir(), 'helen-mutants-'));
const smallArray = join(dir, 'array.yaml');
writeFileSync(smallArray, 'name: sa\nclock: 1GHz\ncomponents:\n  sa:\n    type: systolic.array\n    params: { rows: 4, cols: 4, dataflow: ws, operand_bits: 8 }\n');
const demo = 'architectures/examples/demo-chip.yaml';

interface Mutant {
  fault: string;
  architecture: string;
  session: Session;
  component: string;
  property: string;
  /** The shrunk case, as op-trace lines without ids. */
  expectSmall: (ops: { op: string; args: Record<string, unknown> }[]) => void;
}

const mutants: Mutant[] = [
  {
    fault: 'an off-by-one cycle in generic.unit',
    architecture: demo,
    session: mutantSession('generic.unit', (ctx) => new OffByOneUnit(ctx)),
    component: 'chip.pe[0]',
    property: 'generic.unit: a compute op alone takes count × cycles_per_op cycles (or its cycles argument)',
    expectSmall: (ops) => expect(ops).toEqual([{ op: 'compute', args: { count: 3 } }]),
  },
  {
    fault: 'a dropped completion in generic.memory',
    architecture: demo,
    session: mutantSession('generic.memory', (ctx) => new DroppingMemory(ctx)),
    component: 'chip.sram',
    property: 'generic.memory: every operation completes exactly once',
    expectSmall: (ops) => {
      expect(ops.length).toBeLessThanOrEqual(2);
      // Shrunk to the exact boundary of the fault.
      expect(ops).toContainEqual({ op: 'write', args: { bytes: 40 } });
    },
  },
  {
    fault: 'a wrong rounding of transfer cycles in generic.memory',
    architecture: demo,
    session: mutantSession('generic.memory', (ctx) => new FlooringMemory(ctx)),
    component: 'chip.sram',
    property: 'generic.memory: an access alone takes latency_cycles + ceil(bytes / bytes_per_cycle) cycles',
    expectSmall: (ops) => {
      expect(ops).toHaveLength(1);
      expect(ops[0]!.args).toEqual({ bytes: 1 });
    },
  },
  {
    fault: 'a wrong rounding of systolic results',
    architecture: smallArray,
    session: mutantSession('systolic.array', (ctx) => new RoundingArray(ctx)),
    component: 'sa',
    property: 'systolic.array: result equals the matrix product (fast and PE-by-PE models)',
    expectSmall: (ops) => {
      expect(ops).toHaveLength(1);
      const { M, N, K } = ops[0]!.args as { M: number; N: number; K: number };
      expect(M * N * K).toBeLessThanOrEqual(2);
    },
  },
];

function failureOf(rows: VerifiedProperty[], name: string): NonNullable<VerifiedProperty['failure']> {
  const row = rows.find((r) => r.property === name && r.status === 'failed');
  expect(row, `${name} should fail`).toBeDefined();
  return row!.failure!;
}

describe('verify catches seeded faults and shrinks them to small replayable cases', () => {
  for (const m of mutants) {
    it(`finds ${m.fault}, shrinks it, and the counter-example replays to the same failure`, () => {
      const out = mkdtempSync(join(dir, 'out-'));
      const report = verifyArchitecture({ architecture: m.architecture, component: m.component, session: m.session, runs: 50, seed: 7, outDir: out });
      expect(report.passed).toBe(false);
      const f = failureOf(report.properties, m.property);
      const written = readFileSync(join(out, 'counterexample.jsonl'), 'utf8');
      const firstFailed = report.properties.find((r) => r.status === 'failed')!;
      expect(written).toBe(firstFailed.failure!.workload);
      const ops = fromOpTrace(f.workload).flatMap((l) => ('op' in l ? [{ op: l.op, args: l.args }] : []));
      m.expectSmall(ops);
      // fast-check's seed and path replay exactly the shrunk case, to the same violation.
      const replay = verifyArchitecture({ architecture: m.architecture, component: m.component, session: m.session, property: m.property, seed: f.seed, runs: 1, replayPath: f.path, outDir: out });
      expect(failureOf(replay.properties, m.property).message).toBe(f.message);
      expect(replay.properties.find((r) => r.property === m.property)!.failure!.workload).toBe(f.workload);
    });
  }

  it('the dropped completion replays with helen run as the same deadlock, and the correct model runs it cleanly', () => {
    const out = mkdtempSync(join(dir, 'out-'));
    const session = mutants[1]!.session;
    verifyArchitecture({ architecture: demo, component: 'chip.sram', session, runs: 50, seed: 7, outDir: out, property: mutants[1]!.property });
    const cx = join(out, 'counterexample.jsonl');
    expect(() => runSimulation({ architecture: demo, workload: cx, session })).toThrow(/E_DEADLOCK|unfinished: write@chip.sram/);
    expect(runSimulation({ architecture: demo, workload: cx }).stop.reason).toBe('completed');
  });

  it('the unmutated models pass the same checks with the same seed', () => {
    for (const m of mutants) {
      const report = verifyArchitecture({ architecture: m.architecture, component: m.component, runs: 50, seed: 7, property: m.property });
      expect(report.passed, m.fault).toBe(true);
    }
  });
});
