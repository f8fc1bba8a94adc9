import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../api/run.js';
import type { Session } from '../../../api/session.js';
import { verifyArchitecture, type VerifiedProperty } from '../../../api/verify.js';
import { sessionWith } from '../../support/session.js';
import { GenericMemory } from '../../../components/generic/memory.js';
import { GenericUnit } from '../../../components/generic/unit.js';
import type { Job } from '../../../components/generic/serial-server.js';
import { SystolicArray } from '../../../components/systolic/array.js';
import {
  columnsPerWeight,
  inputSlices,
  inputSliceValue,
  offsetColumnCoef,
  weightColumnCoefs,
} from '../../../components/reram/encoding.js';
import { Ima } from '../../../components/reram/ima.js';
import type { MappedMatrix } from '../../../components/reram/mvm.js';
import { SynapseArray } from '../../../components/neuromorphic/synapse-array.js';
import type { SpikeBatch } from '../../../components/neuromorphic/messages.js';
import { type AnyComponentType, type Component } from '../../../core/index.js';
import { fromOpTrace } from '../../../core/verify/index.js';

// Seeded faults, each hidden behind an input condition so that finding it needs search and a small case needs shrinking.

/** Off by one cycle: a compute of count ≥ 3 takes one cycle too many. */
class OffByOneUnit extends GenericUnit {
  override compute(count: number, cycles: number, done: () => void): void {
    super.compute(count, count >= 3 && cycles === count * this.p.cycles_per_op ? cycles + 1 : cycles, done);
  }
}

/**
 * The job ordering issue 14 fixed: the unit is marked idle before a finished
 * job's completion runs, so a job queued from that completion (an operation
 * waiting `after` it) starts at once, beside the job already next in the queue.
 */
class EagerUnit extends GenericUnit {
  override enqueue(job: Job): void {
    super.enqueue({
      ...job,
      onDone: () => {
        (this as unknown as { working: boolean }).working = false;
        job.onDone?.();
      },
    });
  }
}

/** Dropped completion: a write of 40 bytes or more is never reported done. */
class DroppingMemory extends GenericMemory {
  override access(kind: 'read' | 'write', bytes: number, done: () => void): void {
    super.access(kind, bytes, kind === 'write' && bytes >= 40 ? () => {} : done);
  }
}

/** Wrong rounding: transfer cycles are floor(bytes / bytes_per_cycle) instead of ceil. */
class FlooringMemory extends GenericMemory {
  private bytes = 0;
  override access(kind: 'read' | 'write', bytes: number, done: () => void): void {
    this.bytes = bytes;
    super.access(kind, bytes, done);
  }
  override enqueue(job: Parameters<GenericMemory['enqueue']>[0]): void {
    const partial = this.bytes % Number(this.params['bytes_per_cycle']) !== 0;
    super.enqueue({ ...job, cycles: job.cycles - (partial ? 1 : 0) });
  }
}

/** Wrong rounding of results: odd negative outputs rounded towards zero. */
class RoundingArray extends SystolicArray {
  override gemm(...[shape, a, b, done]: Parameters<SystolicArray['gemm']>): void {
    super.gemm(shape, a, b, () => {
      this.lastResult = this.lastResult?.map((row) => row.map((x) => (x < 0 && x % 2 !== 0 ? x + 1 : x)));
      done();
    });
  }
}

/**
 * A copy of the IMA's value path (DACs, crossbar reads, ADCs, shift-and-add)
 * whose ADC truncates instead of rounding to the nearest code: invisible while
 * column sums are whole ADC steps, wrong as soon as they fall between steps.
 */
function truncatingMultiply(m: MappedMatrix, x: readonly number[]): number[] {
  const c = m.config;
  const cpw = columnsPerWeight(c);
  const coefs = weightColumnCoefs(c);
  const top = 2 ** c.adcBits - 1;
  const code = (v: number) => Math.min(top, Math.max(0, Math.floor(v / c.adcLsb)));
  const acc = new Array<number>(m.weights[0]!.length).fill(0);
  for (const b of m.blocks) {
    for (const s of inputSlices(c)) {
      const dac = new Int32Array(c.rows);
      for (let r = 0; r < b.rowCount; r++) dac[r] = inputSliceValue(x[b.rowStart + r]!, s);
      const column = b.array.read(dac, undefined);
      for (let j = 0; j < b.colCount; j++)
        for (let p = 0; p < cpw; p++) acc[b.colStart + j]! += code(column[j * cpw + p]!) * s.coef * coefs[p]!;
      if (c.signed === 'offset')
        for (let j = 0; j < b.colCount; j++)
          acc[b.colStart + j]! += code(column[b.colCount * cpw]!) * s.coef * offsetColumnCoef(c);
    }
  }
  return acc.map((v) => v * c.adcLsb);
}

/** Wrong ADC rounding: an IMA whose results come from the truncating copy of the value path. */
class TruncatingIma extends Ima {
  override mvm(a: Parameters<Ima['mvm']>[0], done: () => void): void {
    super.mvm(a, () => {
      const inputs =
        a.inputs === undefined
          ? undefined
          : a.inputs.every((x) => typeof x === 'number')
            ? [a.inputs as number[]]
            : (a.inputs as number[][]);
      const matrix = (this as unknown as { matrix: MappedMatrix }).matrix;
      if (inputs) this.lastOutputs = inputs.map((x) => truncatingMultiply(matrix, x));
      done();
    });
  }
}

/** A skipped spike: a synapse array whose spike path drops the last spike of any batch of two or more. */
function skippingSynapses(ctx: ConstructorParameters<typeof SynapseArray>[0]): Component {
  const s = new SynapseArray(ctx) as unknown as Component & { onSpikes(m: SpikeBatch): void };
  const deliver = s.onSpikes.bind(s);
  s.onSpikes = (m: SpikeBatch) => deliver(m.sources.length >= 2 ? { sources: m.sources.slice(0, -1) } : m);
  return s;
}

/** A session whose registry builds `type` with `create` instead (test-only: the shipped registry is untouched). */
function mutantSession(type: string, create: (ctx: never) => Component): Session {
  return sessionWith((t) => (t.type === type ? { ...t, create: create as AnyComponentType['create'] } : t));
}

const dir = mkdtempSync(join(tmpdir(), 'helen-mutants-'));
const smallArray = join(dir, 'array.yaml');
writeFileSync(
  smallArray,
  'name: sa\nclock: 1GHz\ncomponents:\n  sa:\n    type: systolic.array\n    params: { rows: 4, cols: 4, dataflow: ws, operand_bits: 8 }\n',
);
const demo = 'architectures/examples/demo-chip.yaml';

interface Mutant {
  fault: string;
  architecture: string;
  session: Session;
  component: string;
  property: string;
  /** The shrunk case, as op-trace lines without ids (and the workload text, for stimuli of another format). */
  expectSmall: (ops: { op: string; args: Record<string, unknown> }[], text?: string) => void;
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
    fault: 'two jobs in service at once in generic.unit (a job queued from a completion jumps the queue)',
    architecture: demo,
    session: mutantSession('generic.unit', (ctx) => new EagerUnit(ctx)),
    component: 'chip.pe[0]',
    property: 'no serial resource ever has two jobs in service at once',
    // Two queued jobs and one waiting for the first: the smallest workload that starts two at once.
    expectSmall: (ops) => {
      expect(ops).toHaveLength(3);
      expect(ops.every((o) => o.op === 'compute')).toBe(true);
    },
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
  {
    fault: 'a wrong ADC rounding (truncation) in reram.ima',
    architecture: 'architectures/isaac-small.yaml',
    session: mutantSession('reram.ima', (ctx) => new TruncatingIma(ctx)),
    component: 'chip.tile[0].ima[0]',
    property:
      'reram.ima: mvm equals the ideal integer MVM when no column sum exceeds the ADC range, and round-to-nearest ADC quantisation otherwise',
    expectSmall: (ops) => {
      expect(ops).toHaveLength(1);
      const w = ops[0]!.args['weights'] as number[][];
      expect(w.length * w[0]!.length).toBe(1);
      expect(ops[0]!.args['inputs']).toHaveLength(1);
    },
  },
  {
    fault: 'a skipped spike in neuromorphic.synapse_array',
    architecture: 'architectures/snn-small.yaml',
    session: mutantSession('neuromorphic.synapse_array', skippingSynapses),
    component: 'snn.w1',
    property:
      'neuromorphic.synapse_array: every presynaptic spike is delivered once: one drive per batch, equal to the sum of its rows’ weights',
    // The recording is the counter-example: two spikes at one time stamp are the smallest batch the fault drops one of.
    expectSmall: (_ops, text) => expect(text!.trim().split('\n').slice(1)).toHaveLength(2),
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
      const report = verifyArchitecture({
        architecture: m.architecture,
        component: m.component,
        session: m.session,
        runs: 50,
        seed: 7,
        outDir: out,
      });
      expect(report.passed).toBe(false);
      const f = failureOf(report.properties, m.property);
      const firstFailed = report.properties.find((r) => r.status === 'failed')!;
      const written = readFileSync(firstFailed.failure!.file!, 'utf8');
      expect(written).toBe(firstFailed.failure!.workload);
      const ops = f.file!.endsWith('.jsonl')
        ? fromOpTrace(f.workload).flatMap((l) => ('op' in l ? [{ op: l.op, args: l.args }] : []))
        : [];
      if (process.env.HELEN_SHOW_MUTANTS) console.log(`${m.fault}:\n${f.workload}${f.message}`);
      m.expectSmall(ops, f.workload);
      // fast-check's seed and path replay exactly the shrunk case, to the same violation.
      const replay = verifyArchitecture({
        architecture: m.architecture,
        component: m.component,
        session: m.session,
        property: m.property,
        seed: f.seed,
        runs: 1,
        replayPath: f.path,
        outDir: out,
      });
      expect(failureOf(replay.properties, m.property).message).toBe(f.message);
      expect(replay.properties.find((r) => r.property === m.property)!.failure!.workload).toBe(f.workload);
    });
  }

  it('the dropped completion replays with helen run as the same deadlock, and the correct model runs it cleanly', () => {
    const out = mkdtempSync(join(dir, 'out-'));
    const dropping = mutants.find((m) => m.fault === 'a dropped completion in generic.memory')!;
    const session = dropping.session;
    verifyArchitecture({
      architecture: demo,
      component: 'chip.sram',
      session,
      runs: 50,
      seed: 7,
      outDir: out,
      property: dropping.property,
    });
    const cx = join(out, 'counterexample.jsonl');
    expect(() => runSimulation({ architecture: demo, workload: cx, session })).toThrow(
      /E_DEADLOCK|unfinished: write@chip.sram/,
    );
    expect(runSimulation({ architecture: demo, workload: cx }).stop.reason).toBe('completed');
  });

  it('the unmutated models pass the same checks with the same seed', () => {
    for (const m of mutants) {
      const report = verifyArchitecture({
        architecture: m.architecture,
        component: m.component,
        runs: 50,
        seed: 7,
        property: m.property,
      });
      expect(report.passed, m.fault).toBe(true);
    }
  });
});
