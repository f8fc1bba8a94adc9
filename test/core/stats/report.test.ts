import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Clock, Component, Simulator, collectReport, Histogram, Distribution } from '../../../core/index.js';

const clock = Clock.fromPeriodPs('clk', 1000);

describe('statistics and the energy/area report', () => {
  it('charges count × energy per action plus leakage power × time, and rolls energy and area up the hierarchy', () => {
    const sim = new Simulator();
    const chip = new Component(sim, 'chip', { clock, areaMm2: 1, leakageMw: 2 });
    const tile = new Component(chip, 'tile', { areaMm2: 0.5 });
    const adc = new Component(tile, 'adc', { areaMm2: 0.25, leakageMw: 1 });
    const convert = adc.energy.action('convert', 1.5);
    sim.scheduleAt(0, () => {
      adc.beginBusy();
      convert.charge(4);
    });
    sim.scheduleAt(3000, () => adc.endBusy());
    sim.scheduleAt(10_000, () => {});
    sim.run();
    const r = collectReport([chip], sim.nowPs);
    const byPath = Object.fromEntries(r.components.map((c) => [c.path, c]));
    // 10 ns of 1 mW is 10 pJ; of 2 mW, 20 pJ.
    expect(byPath['chip.tile.adc']!.energy_pj).toMatchObject({ dynamic: 6, leakage: 10, total: 16 });
    expect(byPath['chip']!.energy_pj.total).toBe(20);
    expect(byPath['chip']!.subtree_energy_pj).toBe(36);
    expect(byPath['chip.tile']!.subtree_area_mm2).toBe(0.75);
    expect(r.area_mm2).toBe(1.75);
    expect(r.energy_pj).toBe(36);
    expect(r.energy_by_action_pj).toEqual({ convert: 6, leakage: 30 });
    expect(byPath['chip.tile.adc']!.busy_ps).toBe(3000);
    expect(byPath['chip.tile.adc']!.utilisation).toBeCloseTo(0.3, 12);
  });

  it('property: subtree energy and area equal the sum over the subtree for random hierarchies', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            parent: fc.nat(),
            area: fc.double({ min: 0, max: 10, noNaN: true }),
            pj: fc.double({ min: 0, max: 100, noNaN: true }),
            n: fc.nat(50),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        (nodes) => {
          const sim = new Simulator();
          const comps: Component[] = [];
          nodes.forEach((spec, i) => {
            const parent = i === 0 ? sim : comps[spec.parent % i]!;
            const c = new Component(parent, `n${i}`, { clock, areaMm2: spec.area });
            c.energy.action('op', spec.pj).charge(spec.n);
            comps.push(c);
          });
          const r = collectReport([comps[0]!], 0);
          const own = new Map(r.components.map((c) => [c.path, c]));
          for (const c of comps) {
            let e = 0;
            let a = 0;
            for (const d of c.walk()) {
              e += own.get(d.path)!.energy_pj.total;
              a += own.get(d.path)!.area_mm2;
            }
            expect(own.get(c.path)!.subtree_energy_pj).toBeCloseTo(e, 6);
            expect(own.get(c.path)!.subtree_area_mm2).toBeCloseTo(a, 9);
          }
        },
      ),
    );
  });

  it('busy time nests: overlapping operations never count more than elapsed time', () => {
    const sim = new Simulator();
    const u = new Component(sim, 'u', { clock });
    sim.scheduleAt(0, () => u.beginBusy());
    sim.scheduleAt(100, () => u.beginBusy());
    sim.scheduleAt(200, () => u.endBusy());
    sim.scheduleAt(300, () => u.endBusy());
    sim.scheduleAt(1000, () => {});
    sim.run();
    expect(u.busy.busyPs(sim.nowPs)).toBe(300);
  });

  it('histograms bin samples and keep exact summaries', () => {
    const h = new Histogram('lat', 0, 10, 3);
    for (const x of [-1, 0, 9, 10, 25, 30, 100]) h.sample(x);
    expect(h.bins).toEqual([2, 1, 1]);
    expect([h.underflow, h.overflow]).toEqual([1, 2]);
    expect(h.count).toBe(7);
    expect(h.min).toBe(-1);
    expect(h.max).toBe(100);
  });

  it('property: distribution mean and variance match the two-pass formulas', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), (xs) => {
        const d = new Distribution('x');
        xs.forEach((x) => d.sample(x));
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
        expect(d.mean).toBeCloseTo(mean, 3);
        expect(Math.abs(d.variance - variance)).toBeLessThanOrEqual(1e-6 * Math.max(1, variance));
      }),
    );
  });
});
