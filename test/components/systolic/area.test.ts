import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSession } from '../../../api/session.js';
import { arrayAreaMm2, sramAreaMm2, vectorAreaMm2 } from '../../../components/systolic/index.js';
import { collectReport, elaborate, loadArchitecture, type Component } from '../../../core/index.js';

const MIB = 2 ** 20;
const registry = defaultSession().registry;
const defaults = (type: string): Record<string, unknown> =>
  registry.require(type).params.parse({}) as Record<string, unknown>;

function build(file: string, overrides?: Record<string, string>) {
  const model = elaborate(loadArchitecture(file, { registry }), {
    registry,
    seed: 1,
    overrides: overrides ? new Map(Object.entries(overrides)) : undefined,
  });
  return { parts: model.sim.components as Component[], report: collectReport(model.roots, 0) };
}

/** The area a part should have from its own parameters. */
function expectedArea(c: Component): number {
  const p = c.params as never;
  if (c.type === 'systolic.array') return arrayAreaMm2(p);
  if (c.type === 'systolic.sram') return sramAreaMm2(p);
  if (c.type === 'systolic.vector') return vectorAreaMm2(p);
  return (c.params as { area: number }).area;
}

describe('systolic areas', () => {
  it('property: a part area is its explicit area when given, else per-unit area × units (PEs, MiB, lanes)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 256 }),
        fc.integer({ min: 1, max: 256 }),
        fc.double({ min: 1e-7, max: 1e-2, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (a, b, unit, explicit) => {
          const expectArea = (got: number, units: number): void =>
            expect(got).toBe(explicit > 0 ? explicit : units * unit);
          expectArea(arrayAreaMm2({ rows: a, cols: b, pe_area: unit, area: explicit }), a * b);
          expectArea(sramAreaMm2({ capacity: a * MIB, area_per_mib: unit, area: explicit }), a);
          expectArea(vectorAreaMm2({ lanes: b, lane_area: unit, area: explicit }), b);
        },
      ),
    );
  });

  it('the defaults are documented non-zero figures (array, SRAM, vector) and zero where no figure is used (HBM PHY, engine glue)', () => {
    expect(defaults('systolic.array')['pe_area']).toBeGreaterThan(0);
    expect(defaults('systolic.sram')['area_per_mib']).toBeGreaterThan(0);
    expect(defaults('systolic.vector')['lane_area']).toBeGreaterThan(0);
    expect(defaults('systolic.hbm')['area']).toBe(0);
    expect(defaults('systolic.engine')['area']).toBe(0);
  });

  it('llm-accelerator.yaml: every part has the area of its parameters, arrays and SRAM non-zero, and the chip reports their sum', () => {
    const { parts, report } = build('architectures/llm-accelerator.yaml');
    let sum = 0;
    for (const c of parts) {
      expect(c.areaMm2).toBeCloseTo(expectedArea(c), 12);
      if (c.type === 'systolic.array' || c.type === 'systolic.sram' || c.type === 'systolic.vector')
        expect(c.areaMm2).toBeGreaterThan(0);
      sum += c.areaMm2;
    }
    expect(report.area_mm2).toBeGreaterThan(0);
    expect(report.area_mm2).toBeCloseTo(sum, 9);
  });

  it('systolic-os-32.yaml: the array area is rows × cols × pe_area, non-zero, and an explicit area overrides it', () => {
    const { parts, report } = build('architectures/systolic-os-32.yaml');
    const array = parts.find((c) => c.type === 'systolic.array')!;
    const p = array.params as { rows: number; cols: number; pe_area: number };
    expect(p.pe_area).toBeGreaterThan(0);
    expect(report.area_mm2).toBeCloseTo(p.rows * p.cols * p.pe_area, 12);
    const o = build('architectures/systolic-os-32.yaml', { 'chip.array.area': '2mm2' });
    expect(o.report.area_mm2).toBe(2);
  });
});
