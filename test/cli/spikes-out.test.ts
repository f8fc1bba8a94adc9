import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSimulation } from '../../api/run.js';
import { SpikeOutputs } from '../../api/spikes.js';
import type { Component } from '../../core/index.js';
import { LifPopulation, SynapseArray, WEIGHTS_HEADER } from '../../components/neuromorphic/index.js';
import { AerCsvSource } from '../../workloads/spikes/index.js';

const ARCH = 'architectures/snn-small.yaml';
const SPIKES = 'workloads/examples/spikes-small.csv';

function helen(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/helen.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function readAll(file: string, size: number) {
  const src = new AerCsvSource(file, size, 'out');
  const out = [];
  for (let e = src.next(); e; e = src.next()) out.push(e);
  return out;
}

describe('spike and weight outputs of a spiking run', () => {
  beforeAll(() => {
    if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is missing: build first (npm run build)');
  });

  it('--spikes-out writes the output population spikes as AER CSV that reads back, spike for spike, in time order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helen-spk-'));
    const file = join(dir, 'out.csv');
    let log: [number, number][] = [];
    let periodPs = 0;
    const outputs = new SpikeOutputs({ spikesOut: file });
    runSimulation({
      architecture: ARCH,
      workload: SPIKES,
      onModel: (m) => {
        outputs.onModel(m);
        const out = (m.sim.components as Component[]).find((c) => c.path === 'snn.output') as LifPopulation;
        log = out.spikeLog.slice();
        periodPs = out.clock.periodPs;
        // Keep a copy of everything the output logs, before the tap empties it.
        const push = out.spikeLog.push.bind(out.spikeLog);
        out.spikeLog.push = (...items: [number, number][]) => (log.push(...items), push(...items));
      },
    });
    outputs.commit();
    const back = readAll(file, 4);
    expect(back.length).toBeGreaterThan(0);
    expect(back).toEqual(log.map(([cycle, j]) => ({ timePs: cycle * periodPs, address: j })));
    expect(outputs.spikesWritten).toBe(back.length);
  });

  it('--dump-weights writes one row per synapse: the realised weight is (G⁺ − G⁻)·V·t/C of the programmed pair', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helen-w-'));
    const file = join(dir, 'w.csv');
    const outputs = new SpikeOutputs({ dumpWeights: file });
    let arrays: SynapseArray[] = [];
    runSimulation({
      architecture: ARCH,
      workload: SPIKES,
      onModel: (m) => {
        outputs.onModel(m);
        arrays = (m.sim.components as Component[]).filter((c): c is SynapseArray => c instanceof SynapseArray);
      },
    });
    outputs.commit();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(WEIGHTS_HEADER);
    expect(lines.length - 1).toBe(16 * 8 + 8 * 4);
    for (const line of lines.slice(1)) {
      const [proj, pre, post, target, eff, gp, gm] = line.split(',');
      const a = arrays.find((x) => x.path === proj)!;
      expect(Number(eff)).toBeCloseTo((Number(gp) - Number(gm)) * a.mvPerNs, 9);
      expect(Number(eff)).toBe(a.weightMv(Number(pre), Number(post)));
      expect(Number.isFinite(Number(target))).toBe(true);
    }
  });

  it('helen run --spikes-out --dump-weights writes both files, and the spike count matches the report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helen-cli-spk-'));
    const r = helen(
      'run',
      ARCH,
      SPIKES,
      '--json',
      '--spikes-out',
      join(dir, 's.csv'),
      '--dump-weights',
      join(dir, 'w.csv'),
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(readAll(join(dir, 's.csv'), 4).length).toBe(report.components['snn.output'].counters.spikes_out);
    expect(readFileSync(join(dir, 'w.csv'), 'utf8').split('\n')[0]).toBe(WEIGHTS_HEADER);
    expect(readdirSync(dir).sort()).toEqual(['s.csv', 'w.csv']);
  });

  it('a failing run leaves no spike or weight file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helen-cli-bad-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 't_us,address\n0,1\n0.5,99\n');
    const r = helen('run', ARCH, bad, '--spikes-out', join(dir, 's.csv'), '--dump-weights', join(dir, 'w.csv'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/bad\.csv:3:5: .*outside snn\.input/);
    expect(readdirSync(dir)).toEqual(['bad.csv']);
  });
});
