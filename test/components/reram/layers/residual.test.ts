import { describe, expect, it } from 'vitest';
import { runSimulation, type RunReport } from '../../../../api/run.js';
import { errorOf } from '../../../support/helen-error.js';

const SMALL = 'architectures/isaac-small.yaml';
const BLOCK = 'test/components/reram/fixtures/residual-block.yaml';
const NO_ADD = 'test/components/reram/fixtures/residual-block-no-add.yaml';
// 8×8 pixels × 16 channels: one add per value.
const ADDS = 8 * 8 * 16;

function run(workload: string, set: Record<string, string | number> = {}): RunReport {
  return runSimulation({
    architecture: SMALL,
    workload,
    overrides: new Map(Object.entries(set).map(([k, v]) => [k, String(v)])),
  });
}
/** The tile-level adder units (chip.tile[i].sa) the add layer ran on. */
const adders = (r: RunReport) =>
  Object.entries(r.components).filter(([path, c]) => /^chip\.tile\[\d+\]\.sa$/.test(path) && c.energy_pj > 0);
describe('ReRAM residual adds: streamed through the tile controllers onto the tile adder units', () => {
  it('a residual block (conv → conv → add from the first) runs, the add in its own phase after both producers', () => {
    const r = run(BLOCK);
    expect(r.stop.reason).toBe('completed');
    expect(r.phases.map((p) => p.name)).toEqual(['program', 'c1', 'c2', 'sum']);
    const [c1, c2, sum] = ['c1', 'c2', 'sum'].map((n) => r.phases.find((p) => p.name === n)!);
    expect(sum!.end_ps).toBeGreaterThanOrEqual(Math.max(c1!.end_ps, c2!.end_ps));
    expect(sum!.operations).toBeGreaterThan(0);
  });

  it('the add reads both operands from eDRAM (2 × values × value bytes), and the from layer’s outputs are written once per tile', () => {
    const valueBytes = 3;
    const set = { 'chip.tile.ctrl.value_bytes': valueBytes };
    const [block, noAdd] = [run(BLOCK, set), run(NO_ADD, set)];
    const buffers = (r: RunReport, counter: string) =>
      Object.values(r.components)
        .filter((c) => c.type === 'memory.buffer')
        .reduce((a, c) => a + (c.counters[counter] ?? 0), 0);
    expect(buffers(block!, 'bytes_read') - buffers(noAdd!, 'bytes_read')).toBe(2 * ADDS * valueBytes);
    // The add runs on c2's tiles, where c1's outputs already land: only the sums are new writes.
    expect(buffers(block!, 'bytes_written') - buffers(noAdd!, 'bytes_written')).toBe(ADDS * valueBytes);
  });

  it('its energy is adds × the adder’s energy_per_op, and its time bounded by the adder’s adds / (units × ops_per_cycle) and the rest of the stream', () => {
    const energyPerOpPj = 3;
    const set = { 'chip.tile.ctrl.pipelining': 'none', 'chip.tile.sa.energy_per_op': `${energyPerOpPj}pJ` };
    const timeOf = (opsPerCycle: number) => {
      const r = run(BLOCK, { ...set, 'chip.tile.sa.ops_per_cycle': opsPerCycle });
      const used = adders(r);
      expect(used.reduce((a, [, c]) => a + c.energy_pj, 0)).toBeCloseTo(ADDS * energyPerOpPj, 6);
      const busiest = Math.ceil(ADDS / 16 / used.length) * 16;
      return { cycles: r.phases.find((p) => p.name === 'sum')!.cycles, adderCycles: Math.ceil(busiest / opsPerCycle) };
    };
    // With an adder too fast to matter, what is left is the buffer reads, bus and delivery (fill and drain).
    const rest = timeOf(1024).cycles;
    const [one, two] = [1, 2].map(timeOf);
    for (const { cycles, adderCycles } of [one!, two!]) {
      expect(cycles).toBeGreaterThanOrEqual(Math.max(adderCycles, rest));
      expect(cycles).toBeLessThanOrEqual(adderCycles + rest);
    }
    expect(one!.cycles).toBeGreaterThan(two!.cycles);
  });

  it('refuses a matmul with one message naming the layer and why (stationary weights)', () => {
    const e = errorOf(() => run('test/components/reram/fixtures/attention-matmul.yaml'));
    expect(e.format()).toMatch(
      /attention-matmul\.yaml:5:\d+: layers\[1\]: layer scores is a matmul .*ReRAM crossbars hold stationary weights.*reprogramming .* \[E_WORKLOAD\]$/,
    );
  });

  it('refuses an add on tiles whose controller names no adder units', () => {
    const e = errorOf(() => run(BLOCK, { 'chip.tile.ctrl.adder': '' }));
    expect(e.format()).toMatch(
      /residual-block\.yaml:6:\d+: layers\[2\]: layer sum is an add, but chip\.tile\[\d+\]\.ctrl names no adder units/,
    );
  });
});
