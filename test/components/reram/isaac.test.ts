import { describe, expect, it } from 'vitest';
import { elaborate, loadArchitecture, type Component } from '../../../core/index.js';
import { defaultRegistry } from '../../support/session.js';
import { subtreeAreaMm2, subtreePeakPowerMw } from '../../../components/reram/power.js';

/** ISAAC (ISCA 2016) Table 6 totals; the "IMA" row is the 12 IMAs of one tile. */
const PUBLISHED = { imas: { mw: 289, mm2: 0.157 }, tile: { mw: 330, mm2: 0.372 }, chip: { mw: 65_800, mm2: 85.4 } };

function build(file: string, overrides?: Map<string, string>) {
  const registry = defaultRegistry();
  return elaborate(loadArchitecture(file, { registry }), { registry, overrides });
}

const within1pc = (got: number, want: number) => expect(Math.abs(got / want - 1)).toBeLessThan(0.01);

describe('ISAAC power and area roll-up (architectures/isaac.yaml)', () => {
  const model = build('architectures/isaac.yaml');
  const chip = model.roots[0]!;
  const tile = model.sim.component('chip.tile[0]') as Component;
  const router = model.sim.component('chip.router[0]') as Component;
  const imas = tile.children.filter((c) => c.type === 'reram.ima');

  it('builds 168 tiles of 12 IMAs and 42 routers', () => {
    expect(chip.children.filter((c) => c.type === 'reram.tile')).toHaveLength(168);
    expect(imas).toHaveLength(12);
    expect(chip.children.filter((c) => c.type === 'interconnect.router')).toHaveLength(42);
  });

  it("reproduces the 12 IMAs of a tile within 1% of ISAAC's 289 mW / 0.157 mm²", () => {
    const mw = imas.reduce((a, c) => a + subtreePeakPowerMw(c), 0);
    const mm2 = imas.reduce((a, c) => a + subtreeAreaMm2(c), 0);
    within1pc(mw, PUBLISHED.imas.mw);
    within1pc(mm2, PUBLISHED.imas.mm2);
  });

  it("reproduces a tile (with its quarter of a router) within 1% of ISAAC's 330 mW / 0.372 mm²", () => {
    within1pc(subtreePeakPowerMw(tile) + subtreePeakPowerMw(router) / 4, PUBLISHED.tile.mw);
    within1pc(subtreeAreaMm2(tile) + subtreeAreaMm2(router) / 4, PUBLISHED.tile.mm2);
  });

  it("reproduces the chip within 1% of ISAAC's 65.8 W / 85.4 mm²", () => {
    within1pc(subtreePeakPowerMw(chip), PUBLISHED.chip.mw);
    within1pc(subtreeAreaMm2(chip), PUBLISHED.chip.mm2);
  });

  it('power follows the architecture: doubling the ADC energy per conversion adds the ADCs’ 16 mW again to each IMA', () => {
    const dearer = build(
      'architectures/isaac-small.yaml',
      new Map([['chip.tile.ima.adc.energy_per_conversion', '2 * 16mW / 8 / 1.2GHz']]),
    );
    const base = build('architectures/isaac-small.yaml');
    const ima = (m: typeof base) => subtreePeakPowerMw(m.sim.component('chip.tile[0].ima[0]') as Component);
    expect(ima(dearer) - ima(base)).toBeCloseTo(16, 9);
  });
});
