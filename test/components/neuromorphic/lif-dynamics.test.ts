import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LifDynamics, NEVER, NeuronBank, type LifConstants } from '../../../components/neuromorphic/index.js';
import { buildNet, drive } from './network-helpers.js';

const base: LifConstants = {
  tauMemPs: 20_000,
  tauSynPs: 5_000,
  tauAdaptPs: 100_000,
  dtPs: 1000,
  vThMv: 10,
  deltaThetaMv: 5,
  reset: 'adaptive',
  vResetMv: 0,
};

/** The textbook kernel τs·(e^(−t/τm) − e^(−t/τs))/(τm − τs), τs ≠ τm (docs/references.md, spiking neurons). */
function textbookKernel(tPs: number, tauM: number, tauS: number): number {
  return (tauS * (Math.exp(-tPs / tauM) - Math.exp(-tPs / tauS))) / (tauM - tauS);
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * (1 + Math.abs(b));

describe('LIF closed form', () => {
  it('property: after any input sequence, I, v and r equal the closed-form superposition (adaptive reset)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000, max: 40_000 }),
        fc.integer({ min: 1_000, max: 40_000 }),
        fc.integer({ min: 1_000, max: 200_000 }),
        fc.array(
          fc.record({ cycle: fc.integer({ min: 0, max: 200 }), q: fc.double({ min: -30, max: 60, noNaN: true }) }),
          { maxLength: 30 },
        ),
        fc.integer({ min: 0, max: 300 }),
        (tauM, tauS, tauR, raw, extra) => {
          fc.pre(Math.abs(tauM - tauS) > 0.01 * tauM);
          const c = { ...base, tauMemPs: tauM, tauSynPs: tauS, tauAdaptPs: tauR };
          const bank = new NeuronBank(1, c);
          const inputs = [...raw].sort((a, b) => a.cycle - b.cycle);
          const byCycle = new Map<number, number>();
          for (const e of inputs) byCycle.set(e.cycle, (byCycle.get(e.cycle) ?? 0) + e.q);
          const spikes: number[] = [];
          // Every edge evaluated, so every spike is seen; the closed form must not care.
          const end = 200 + extra;
          for (let cyc = 0; cyc <= end; cyc++) if (bank.evaluate(0, cyc, byCycle.get(cyc) ?? 0)) spikes.push(cyc);
          const s = bank.stateAt(0, end + 1);
          let i = 0,
            v = 0,
            r = 0;
          for (const [cyc, q] of byCycle) {
            const t = (end + 1 - cyc) * c.dtPs;
            i += q * Math.exp(-t / tauS);
            v += q * textbookKernel(t, tauM, tauS);
          }
          for (const cyc of spikes) r += c.deltaThetaMv * Math.exp((-(end + 1 - cyc) * c.dtPs) / tauR);
          const scale = 1 + inputs.reduce((a, e) => a + Math.abs(e.q), 0);
          expect(Math.abs(s.iMv - i)).toBeLessThanOrEqual(1e-9 * scale);
          expect(Math.abs(s.vMv - v)).toBeLessThanOrEqual(1e-9 * scale);
          expect(Math.abs(s.rMv - r)).toBeLessThanOrEqual(1e-9 * (1 + spikes.length * c.deltaThetaMv));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: at τs == τm the kernel is (t/τ)·e^(−t/τ), and it is continuous across the degenerate point', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 100_000 }), fc.integer({ min: 0, max: 500 }), (tau, n) => {
        const d = new LifDynamics({ ...base, tauMemPs: tau, tauSynPs: tau });
        const t = n * base.dtPs;
        expect(close(d.kernel(n), (t / tau) * Math.exp(-t / tau))).toBe(true);
        for (const eps of [1e-6, -1e-6, 1e-9]) {
          const near = new LifDynamics({ ...base, tauMemPs: tau, tauSynPs: tau * (1 + eps) });
          expect(Math.abs(near.kernel(n) - d.kernel(n))).toBeLessThanOrEqual(1e-5);
        }
      }),
    );
  });

  it('property: the kernel stays finite and non-negative for τs ≫ τm over long gaps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 10_000, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (tauM, tauS, n) => {
          const k = new LifDynamics({ ...base, tauMemPs: tauM, tauSynPs: tauS }).kernel(n);
          expect(Number.isFinite(k) && k >= 0).toBe(true);
        },
      ),
    );
  });

  it('fires at the hand-checked edges for a small case', () => {
    // τs = τm = 10 ns, dt = 1 ns, one input of 30 mV at edge 0: v(n) = 30·(n/10)·e^(−n/10):
    // v(6) = 18·e^−0.6 = 9.879, v(7) = 21·e^−0.7 = 10.428 > 10 → spike at edge 7; then the
    // threshold is 10 + 5 and v peaks at 30·e^−1 = 11.04 (n = 10): no second spike.
    const c: LifConstants = { ...base, tauMemPs: 10_000, tauSynPs: 10_000 };
    const bank = new NeuronBank(1, c);
    const spikes: number[] = [];
    for (let cyc = 0; cyc < 100; cyc++) if (bank.evaluate(0, cyc, cyc === 0 ? 30 : 0)) spikes.push(cyc);
    expect(spikes).toEqual([7]);
    expect(bank.stateAt(0, 6).vMv).toBeCloseTo(9.879, 3);
    expect(bank.stateAt(0, 7).vMv).toBeCloseTo(10.428, 3);
    // Event-driven planning from edge 0 finds the same edge without visiting the others.
    const fresh = new NeuronBank(1, c);
    fresh.evaluate(0, 0, 30);
    expect(fresh.nextCrossing(0, 0)).toBe(7);
    // A scan bounded by an edge the caller evaluates anyway: it still sees edge 7 just before the bound, and nothing from the bound on.
    expect(fresh.nextCrossing(0, 0, 8)).toBe(7);
    expect(fresh.nextCrossing(0, 0, 7)).toBe(NEVER);
  });

  it('delivers an input at the first edge at or after its time, plus the delay', () => {
    // Input at 0.5 ns on a 1 ns clock → edge 1, delay 1 → edge 2; the hand case above then spikes 7 edges later.
    // mvPerNs = 500 mV · 10 ns / 1 fF · 1e-6 = 5 mV/nS; a 30 mV target is 6 nS: 97 levels of 0.369 nS round it.
    const net = buildNet({
      seed: 1,
      nIn: 1,
      nA: 1,
      nB: 1,
      neuron: { tau_mem: 10_000, tau_syn: 10_000, v_th_mv: 10, delta_theta_mv: 5 },
      w1: { c_syn_ff: 1, weight_mean_mv: 30, delay_cycles: 1 },
      w2: { weight_mean_mv: 0 },
    });
    drive(net, [{ timePs: 500, sources: [0] }]);
    const w = net.w1.weightMv(0, 0);
    expect(Math.abs(w - 30)).toBeLessThan(1);
    // With the realised weight w, the first edge n with w·(n/10)·e^(−n/10) > 10 after edge 2:
    let n = 1;
    while (!(w * (n / 10) * Math.exp(-n / 10) > 10)) n++;
    expect(net.a.spikeLog).toEqual([[2 + n, 0]]);
  });

  it('property: hard reset never keeps voltage across a spike, adaptive always does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 80, noNaN: true }), { minLength: 5, maxLength: 60 }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        (inputs, vReset) => {
          const hard = new NeuronBank(1, { ...base, reset: 'hard', vResetMv: vReset });
          const adaptive = new NeuronBank(1, { ...base, reset: 'adaptive' });
          let hardSpikes = 0,
            adaptiveSpikes = 0;
          inputs.forEach((q, cyc) => {
            const before = adaptive.stateAt(0, cyc).vMv;
            if (adaptive.evaluate(0, cyc, q)) {
              adaptiveSpikes++;
              expect(adaptive.vMv[0]).toBe(before);
            }
            if (hard.evaluate(0, cyc, q)) {
              hardSpikes++;
              expect(hard.vMv[0]).toBe(vReset);
            }
          });
          // Both see the same drive; inputs ≥ 0 so the first spike edge is the same for both.
          expect(hardSpikes > 0).toBe(adaptiveSpikes > 0);
        },
      ),
    );
  });
});
