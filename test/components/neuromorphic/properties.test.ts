import { describe, expect, it } from 'vitest';
import type { Session } from '../../../api/session.js';
import { verifyArchitecture } from '../../../api/verify.js';
import { sessionWith } from '../../support/session.js';
import { LifPopulation } from '../../../components/neuromorphic/lif-population.js';
import { everyEdgeReference } from '../../../components/neuromorphic/properties.js';
import { LifDynamics, type LifConstants } from '../../../components/neuromorphic/lif-dynamics.js';
import { type Component } from '../../../core/index.js';

const CONSTANTS: LifConstants = {
  tauMemPs: 20_000,
  tauSynPs: 5_000,
  tauAdaptPs: 100_000,
  dtPs: 1000,
  vThMv: 10,
  deltaThetaMv: 5,
  reset: 'adaptive',
  vResetMv: 0,
};
const LIF =
  'neuromorphic.lif_population: event-driven equals every-edge: the same spikes at the same edges, and each neuron’s final state equals the closed form from its last input or spike';

describe('neuromorphic properties', () => {
  it('the every-edge reference: a neuron without input never spikes; one kick above threshold makes it spike after the synaptic rise, and its state is the closed form from there', () => {
    expect(everyEdgeReference({ constants: CONSTANTS, size: 1, inputs: new Map() }).spikes).toEqual([]);
    const ref = everyEdgeReference({ constants: CONSTANTS, size: 1, inputs: new Map([[3, Float64Array.of(100)]]) });
    expect(ref.spikes.length).toBeGreaterThan(0);
    expect(ref.spikes[0]![0]).toBeGreaterThan(3);
    const dyn = new LifDynamics(CONSTANTS);
    const [firstSpike] = ref.spikes[0]!;
    // Just before its first spike the neuron is below threshold; at it, above: the closed form from the kick at edge 3.
    expect(dyn.fires(dyn.advance({ iMv: 100, vMv: 0, rMv: 0 }, firstSpike - 1 - 3, { iMv: 0, vMv: 0, rMv: 0 }))).toBe(
      false,
    );
    expect(dyn.fires(dyn.advance({ iMv: 100, vMv: 0, rMv: 0 }, firstSpike - 3, { iMv: 0, vMv: 0, rMv: 0 }))).toBe(true);
  });

  it('the LIF property catches a population that never wakes between inputs (spikes after the last input are lost)', () => {
    const lazy = (ctx: ConstructorParameters<typeof LifPopulation>[0]): Component => {
      const p = new LifPopulation(ctx);
      (p as unknown as { plan(): void }).plan = () => {};
      return p;
    };
    const session: Session = sessionWith((t) =>
      t.type === 'neuromorphic.lif_population' ? { ...t, create: lazy } : t,
    );
    const r = verifyArchitecture({
      architecture: 'architectures/snn-small.yaml',
      component: 'snn.hidden',
      session,
      runs: 50,
      seed: 2,
      property: LIF,
    });
    const f = r.properties[0]!.failure;
    expect(f?.message).toMatch(/evaluated at every edge/);
    // Shrunk to a short recording (a few spikes must add up to cross the threshold), which replays to the same failure.
    expect(f!.workload.trim().split('\n').length - 1).toBeLessThanOrEqual(8);
    const again = verifyArchitecture({
      architecture: 'architectures/snn-small.yaml',
      component: 'snn.hidden',
      session,
      property: LIF,
      seed: f!.seed,
      runs: 1,
      replayPath: f!.path,
    });
    expect(again.properties[0]!.failure?.message).toBe(f!.message);
  });
});
