import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../support/session.js';
import {
  elaborate,
  issueOperation,
  loadArchitecture,
  serialServicesOf,
  type Component,
  type Elaboration,
} from '../../../core/index.js';
import type { SystolicEngine } from '../../../components/systolic/index.js';

const dir = mkdtempSync(join(tmpdir(), 'helen-systolic-serial-'));
const ARRAY = join(dir, 'array.yaml');
writeFileSync(
  ARRAY,
  'name: sa\nclock: 1GHz\ncomponents:\n  sa:\n    type: systolic.array\n    params: { rows: 4, cols: 4, dataflow: os }\n',
);
const ENGINE = 'architectures/llm-accelerator.yaml';

function build(architecture: string, path: string): { model: Elaboration; target: Component } {
  const registry = defaultRegistry();
  const model = elaborate(loadArchitecture(architecture, { registry }), { registry });
  return { model, target: model.sim.component(path) as Component };
}

/**
 * Issues a and b at once, and c from a's completion (as a driver does for an
 * operation waiting `after` a); returns each completion in cycles of the
 * target's clock, and the jobs entering (+) and leaving (−) service.
 */
function chained(architecture: string, path: string, op: string, args: Record<string, unknown>) {
  const { model, target } = build(architecture, path);
  const cycles: Record<string, number> = {};
  const service: string[] = [];
  const now = (): number => target.clock.cycleAtOrAfter(model.sim.nowPs);
  const services = serialServicesOf(target);
  expect(services).toHaveLength(1);
  services[0]!.watchService({
    started: (l) => service.push(`+${l}@${now()}`),
    ended: (l) => service.push(`-${l}@${now()}`),
  });
  const finish = (id: string) => () => (cycles[id] = now());
  issueOperation(target, { id: 'a', name: op, args }, () => {
    finish('a')();
    issueOperation(target, { id: 'c', name: op, args }, finish('c'));
  });
  issueOperation(target, { id: 'b', name: op, args }, finish('b'));
  model.sim.run();
  return { cycles, service, target };
}

describe('systolic units serve one job at a time: a job issued from a completion waits its turn', () => {
  it('systolic.array: three 4×4×4 GEMMs of 10 cycles each (OS fold 4 + 4 + 4 − 2), the third issued from the first, end at 10, 20, 30', () => {
    const { cycles, service } = chained(ARRAY, 'sa', 'gemm', { M: 4, N: 4, K: 4 });
    // Before the fix c started at 10 beside b, and both ended at 20.
    expect(cycles).toEqual({ a: 10, b: 20, c: 30 });
    expect(service).toEqual(['+gemm@0', '-gemm@10', '+gemm@10', '-gemm@20', '+gemm@20', '-gemm@30']);
  });

  it('systolic.engine: three equal GEMMs of X cycles, the third issued from the first, end at X, 2X, 3X', () => {
    const args = { M: 256, N: 512, K: 1024, b_kind: 'weight' };
    const alone = build(ENGINE, 'chip');
    issueOperation(alone.target, { id: 'x', name: 'gemm', args }, () => {});
    alone.model.sim.run();
    const x = (alone.target as SystolicEngine).lastRecord!.cycles;
    expect(x).toBeGreaterThan(0);
    const { cycles, service } = chained(ENGINE, 'chip', 'gemm', args);
    expect(cycles).toEqual({ a: x, b: 2 * x, c: 3 * x });
    expect(service).toEqual([
      `+gemm@0`,
      `-gemm@${x}`,
      `+gemm@${x}`,
      `-gemm@${2 * x}`,
      `+gemm@${2 * x}`,
      `-gemm@${3 * x}`,
    ]);
  });
});
