import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  deviceLevels,
  depressionG,
  potentiationG,
  potentiationPulses,
  quantiseG,
  type DeviceParams,
} from '../../../components/neuromorphic/index.js';
import { buildNet, drive } from './network-helpers.js';

const deviceArb = fc
  .record({
    gMinNs: fc.double({ min: 0, max: 10, noNaN: true }),
    span: fc.double({ min: 1, max: 100, noNaN: true }),
    levels: fc.integer({ min: 2, max: 200 }),
    aLtp: fc.oneof(fc.constant(0), fc.double({ min: 0.5, max: 500, noNaN: true })),
    aLtd: fc.oneof(fc.constant(0), fc.double({ min: 0.5, max: 500, noNaN: true })),
  })
  .map(({ span, ...d }): DeviceParams => ({ ...d, gMaxNs: d.gMinNs + span }));

describe('memristor device', () => {
  it('property: potentiation follows NeuroSim G(P) = B·(1 − e^(−P/A)) + Gmin with B = (Gmax−Gmin)/(1 − e^(−Pmax/A))', () => {
    fc.assert(
      fc.property(deviceArb, fc.double({ min: 0, max: 1, noNaN: true }), (d, frac) => {
        const pMax = d.levels - 1;
        const P = frac * pMax;
        const expected =
          d.aLtp === 0
            ? d.gMinNs + ((d.gMaxNs - d.gMinNs) * P) / pMax
            : ((d.gMaxNs - d.gMinNs) / (1 - Math.exp(-pMax / d.aLtp))) * (1 - Math.exp(-P / d.aLtp)) + d.gMinNs;
        expect(Math.abs(potentiationG(P, d) - expected)).toBeLessThanOrEqual(1e-9 * d.gMaxNs);
        expect(Math.abs(potentiationG(0, d) - d.gMinNs)).toBeLessThanOrEqual(1e-12 * d.gMaxNs);
        expect(Math.abs(potentiationG(pMax, d) - d.gMaxNs)).toBeLessThanOrEqual(1e-9 * d.gMaxNs);
        // The inverse: where the curve is flat P is ill-conditioned, so compare conductances.
        expect(
          Math.abs(potentiationG(potentiationPulses(potentiationG(P, d), d), d) - potentiationG(P, d)),
        ).toBeLessThanOrEqual(1e-9 * d.gMaxNs);
      }),
    );
  });

  it('property: depression mirrors it from Gmax: G(P) = Gmax − B_d·(1 − e^(−P/A_d))', () => {
    fc.assert(
      fc.property(deviceArb, fc.double({ min: 0, max: 1, noNaN: true }), (d, frac) => {
        const pMax = d.levels - 1;
        const P = frac * pMax;
        const expected =
          d.aLtd === 0
            ? d.gMaxNs - ((d.gMaxNs - d.gMinNs) * P) / pMax
            : d.gMaxNs - ((d.gMaxNs - d.gMinNs) / (1 - Math.exp(-pMax / d.aLtd))) * (1 - Math.exp(-P / d.aLtd));
        expect(Math.abs(depressionG(P, d) - expected)).toBeLessThanOrEqual(1e-9 * d.gMaxNs);
      }),
    );
  });

  it('property: quantisation returns a device level no farther from G than any other level', () => {
    fc.assert(
      fc.property(deviceArb, fc.double({ min: -1, max: 2, noNaN: true }), (d, f) => {
        const levels = deviceLevels(d);
        const g = d.gMinNs + f * (d.gMaxNs - d.gMinNs);
        const q = quantiseG(g, levels);
        expect(levels).toContain(q);
        for (const l of levels) expect(Math.abs(g - q)).toBeLessThanOrEqual(Math.abs(g - l) + 1e-12);
        // Levels never descend (a very nonlinear device saturates: its last levels coincide).
        for (let p = 1; p < levels.length; p++) expect(levels[p]!).toBeGreaterThanOrEqual(levels[p - 1]!);
      }),
    );
  });
});

describe('synapse array', () => {
  const spec = (w1: Record<string, unknown>, seed = 1) => ({ seed, nIn: 5, nA: 7, nB: 1, neuron: {}, w1, w2: {} });

  it('property: every realised weight is G⁺ − G⁻ of quantised levels and within half a level step of its target', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 2, max: 128 }),
        fc.double({ min: -20, max: 20, noNaN: true }),
        (seed, levels, mean) => {
          const { w1 } = buildNet(spec({ levels, c_syn_ff: 1, weight_mean_mv: mean, weight_std_mv: 10 }, seed));
          const step = ((38.5 - 3.08) / (levels - 1)) * w1.mvPerNs;
          for (let k = 0; k < w1.targetWeightsMv.length; k++) {
            const target = Math.max(-w1.maxWeightMv, Math.min(w1.maxWeightMv, w1.targetWeightsMv[k]!));
            expect(Math.abs(w1.effectiveWeightsMv[k]! - target)).toBeLessThanOrEqual(step / 2 + 1e-9);
            expect(Math.min(w1.gPlusNs[k]!, w1.gMinusNs[k]!)).toBe(3.08);
            expect(w1.effectiveWeightsMv[k]!).toBeCloseTo((w1.gPlusNs[k]! - w1.gMinusNs[k]!) * w1.mvPerNs, 12);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('reproduces programming variation exactly from the seed, and a different seed changes it', () => {
    const opts = { weight_mean_mv: 5, weight_std_mv: 3, variation: 0.05, stuck_on_prob: 0.09, stuck_off_prob: 0.01 };
    const a = buildNet(spec(opts, 7)).w1;
    const b = buildNet(spec(opts, 7)).w1;
    const c = buildNet(spec(opts, 8)).w1;
    expect([...a.gPlusNs]).toEqual([...b.gPlusNs]);
    expect([...a.gMinusNs]).toEqual([...b.gMinusNs]);
    expect([...a.gPlusNs]).not.toEqual([...c.gPlusNs]);
  });

  it('stuck-at faults pin devices to Gmax or Gmin', () => {
    const on = buildNet(spec({ weight_mean_mv: 1, stuck_on_prob: 1 })).w1;
    expect([...on.gPlusNs, ...on.gMinusNs].every((g) => g === 38.5)).toBe(true);
    expect([...on.effectiveWeightsMv].every((w) => w === 0)).toBe(true);
    const off = buildNet(spec({ weight_mean_mv: 1, stuck_off_prob: 1 })).w1;
    expect([...off.gPlusNs, ...off.gMinusNs].every((g) => g === 3.08)).toBe(true);
  });

  it('turns a spike into the column charges and charges V²·(G⁺+G⁻)·t per synapse read', () => {
    const net = buildNet({
      ...spec(
        {
          weight_mean_mv: 3,
          weight_std_mv: 2,
          c_syn_ff: 5,
          energy_per_sop: 0.01,
          energy_per_row: 0.02,
          p_connect: 0.7,
        },
        3,
      ),
      neuron: { v_th_mv: 1e6 },
    });
    drive(net, [{ timePs: 0, sources: [1, 3] }]);
    const { w1, a } = net;
    let deviceJ = 0;
    let sops = 0;
    for (const i of [1, 3]) {
      for (let j = 0; j < 7; j++) {
        const k = i * 7 + j;
        if (!w1.connected[k]) continue;
        sops++;
        // 0.5 V, G in S, 10 ns.
        deviceJ += 0.5 ** 2 * (w1.gPlusNs[k]! + w1.gMinusNs[k]!) * 1e-9 * 10e-9;
      }
    }
    const read = w1.energy.actions.get('synapse_read')!;
    expect(w1.stats.counter('sops').value).toBe(sops);
    expect(read.energyPj).toBeCloseTo(deviceJ * 1e12 + sops * 0.01, 12);
    expect(w1.energy.actions.get('row_drive')!.energyPj).toBeCloseTo(0.04, 12);
    // The neuron's synaptic node holds the summed realised weights of both rows (delivered at edge 1).
    for (let j = 0; j < 7; j++) expect(a.bank.iMv[j]).toBeCloseTo(w1.weightMv(1, j) + w1.weightMv(3, j), 12);
  });
});
