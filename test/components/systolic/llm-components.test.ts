import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComponentRegistry, Simulator } from '../../../core/index.js';
import {
  systolicHbm,
  systolicSram,
  systolicVector,
  type Hbm,
  type Sram,
  type VectorUnit,
} from '../../../components/systolic/index.js';

const registry = new ComponentRegistry().register(systolicHbm).register(systolicSram).register(systolicVector);
function make<T>(type: string, params: Record<string, unknown>): T {
  const def = registry.require(type);
  return def.create({
    parent: new Simulator({ seed: 1 }),
    name: 'x',
    params: def.params.parse(params),
    clock: undefined,
    type,
  }) as T;
}

describe('systolic memories and vector unit', () => {
  it('property: an HBM transfer never beats bytes / bandwidth, and exceeds it by less than one burst per channel', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1 << 24 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 512 }),
        (bytes, channels, burst) => {
          const h = make<Hbm>('systolic.hbm', { channels, burst, bandwidth: 1e12 });
          const ideal = bytes / 1; // 1e12 B/s is 1 byte per ps
          expect(h.busPs(bytes)).toBeGreaterThanOrEqual(ideal - 1e-9);
          expect(h.busPs(bytes) - ideal).toBeLessThan(burst * channels + 1e-9);
        },
      ),
    );
  });

  it('SRAM: two ports serve reads and writes side by side, one port in turn', () => {
    const two = make<Sram>('systolic.sram', { banks: 4, bank_width: 16, ports: 2 });
    const one = make<Sram>('systolic.sram', { banks: 4, bank_width: 16, ports: 1 });
    expect([two.cyclesFor(640, 320), one.cyclesFor(640, 320)]).toEqual([10, 15]);
  });

  it('vector unit: pipeline latency plus ops over lanes × ops per lane', () => {
    const v = make<VectorUnit>('systolic.vector', { lanes: 8, ops_per_lane: 2, latency_cycles: 3 });
    expect([v.cyclesFor(0), v.cyclesFor(1), v.cyclesFor(16), v.cyclesFor(17)]).toEqual([0, 4, 4, 5]);
  });
});
