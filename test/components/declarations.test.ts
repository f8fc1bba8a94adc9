import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../api/run.js';
import { defaultSession } from '../../api/session.js';
import type { z } from 'zod';
import { paramMeta, type Component, type Elaboration } from '../../core/index.js';

/** Each family's shipped architectures on a small workload: every component type that the examples build, run. */
const RUNS: [string, string][] = [
  ['architectures/examples/demo-chip.yaml', 'workloads/examples/demo-ops.jsonl'],
  ['architectures/isaac-small.yaml', 'workloads/examples/cnn-small.yaml'],
  ['architectures/red.yaml', 'test/components/reram/fixtures/deconv-small.yaml'],
  ['architectures/systolic-os-32.yaml', 'workloads/examples/scalesim-gemm.csv'],
  ['architectures/llm-accelerator.yaml', 'workloads/examples/llm-llama-2-7b.yaml'],
  ['architectures/snn-small.yaml', 'workloads/examples/spikes-small.csv'],
];

/** A declared name matches a published one exactly, or as a pattern: `spikes[j]` stands for `spikes[0]`, `spikes[1]`, … */
function matches(declared: string, published: string): boolean {
  if (declared === published) return true;
  if (!/\[[a-z]\]/.test(declared)) return false;
  return new RegExp(`^${declared.replace(/[.*+?^${}()|\\]/g, '\\$&').replace(/\\?\[[a-z]\\?\]/g, '\\[\\d+\\]')}$`).test(
    published,
  );
}

/** Statistics a component publishes itself: those of its ports (`out.sent`, …) are the kernel's, documented once in docs/kernel.md. */
function ownStatistics(c: Component): string[] {
  const ports = new Set([...c.inPorts.keys(), ...c.outPorts.keys()]);
  return [...c.stats.counters.keys(), ...c.stats.distributions.keys()].filter((n) => !ports.has(n.split('.')[0]!));
}

function run(architecture: string, workload: string): Component[] {
  let model: Elaboration | undefined;
  runSimulation({ architecture, workload, onModel: (m) => (model = m) });
  return model!.sim.components as Component[];
}

describe('component types declare what they do', () => {
  const session = defaultSession();
  const types = session.registry.types();

  it('every operation of every registered type, and every argument of it, has a one-line description', () => {
    const missing: string[] = [];
    for (const t of types) {
      for (const [name, op] of Object.entries(t.operations ?? {})) {
        if (!op.description.trim()) missing.push(`${t.type}.${name}`);
        for (const [arg, schema] of Object.entries(op.args as Record<string, z.ZodType>))
          if (!paramMeta(schema)?.description?.trim()) missing.push(`${t.type}.${name}(${arg})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it.each(RUNS)('%s on %s: every statistic an instance publishes is declared by its type', (architecture, workload) => {
    const undeclared: string[] = [];
    for (const c of run(architecture, workload)) {
      const declared = c.declaration?.statistics ?? {};
      for (const name of ownStatistics(c))
        if (!Object.keys(declared).some((d) => matches(d, name))) undeclared.push(`${c.type}: ${name} (${c.path})`);
    }
    expect([...new Set(undeclared.map((u) => u.replace(/ \(.*\)$/, '')))]).toEqual([]);
  });

  it('every declared statistic of a type the examples build is published by some instance (no stale documentation)', () => {
    const published = new Map<string, Set<string>>();
    for (const [a, w] of RUNS)
      for (const c of run(a, w)) {
        const set = published.get(c.type) ?? new Set<string>();
        for (const name of ownStatistics(c)) set.add(name);
        published.set(c.type, set);
      }
    const stale: string[] = [];
    for (const t of types) {
      const seen = published.get(t.type);
      if (!seen) continue;
      for (const name of Object.keys(t.statistics ?? {}))
        if (![...seen].some((p) => matches(name, p))) stale.push(`${t.type}: ${name}`);
    }
    expect(stale).toEqual([]);
  });
});
