import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyArchitecture } from '../../../api/verify.js';
import { formatVerifyReport } from '../../../cli/commands/verify.js';
import { HelenError } from '../../../core/index.js';

// Every shipped architecture is verified with the default runs in shipped.test.ts.
describe('helen verify', () => {
  it('runs the generic and systolic properties where those types appear, with the default number of runs', () => {
    const report = verifyArchitecture({ architecture: 'architectures/systolic-os-32.yaml' });
    const rows = report.properties.filter((p) => p.component === 'chip.array');
    expect(rows.map((r) => r.property)).toContain(
      'systolic.array: result equals the matrix product (fast and PE-by-PE models)',
    );
    expect(rows.every((r) => r.status === 'passed' && r.runs === 20)).toBe(true);
  });

  it('runs the ReRAM, memory and interconnect properties on an ISAAC chip, once per distinct instance', () => {
    const report = verifyArchitecture({ architecture: 'architectures/isaac-small.yaml', runs: 5 });
    const byType = (prefix: string) => report.properties.filter((p) => p.property.startsWith(prefix));
    for (const type of [
      'reram.ima:',
      'memory.buffer:',
      'interconnect.bus:',
      'interconnect.router:',
      'interconnect.link:',
    ]) {
      expect(byType(type).length, type).toBeGreaterThan(0);
      expect(
        byType(type).every((p) => p.status === 'passed' && p.runs === 5),
        type,
      ).toBe(true);
    }
    // 48 IMAs built alike: the same cases would be checked 48 times over, so one is checked.
    expect(new Set(byType('reram.ima:').map((p) => p.component))).toEqual(new Set(['chip.tile[0].ima[0]']));
  });

  it('the same seed checks the same cases: two verifications print the same table apart from times', () => {
    const strip = (s: string) => s.replace(/\d+\.\d+ s/g, '');
    const a = formatVerifyReport(
      verifyArchitecture({ architecture: 'architectures/examples/demo-chip.yaml', runs: 5, seed: 3 }),
    );
    const b = formatVerifyReport(
      verifyArchitecture({ architecture: 'architectures/examples/demo-chip.yaml', runs: 5, seed: 3 }),
    );
    expect(strip(a)).toBe(strip(b));
  });

  it('--component limits the checks to a subtree', () => {
    const report = verifyArchitecture({
      architecture: 'architectures/examples/demo-chip.yaml',
      component: 'chip.pe[1]',
      runs: 3,
    });
    const components = new Set(report.properties.flatMap((p) => (p.component ? [p.component] : [])));
    expect([...components]).toEqual(['chip.pe[1]']);
  });

  it('bad input is a located HelenError, never a crash', () => {
    const out = mkdtempSync(join(tmpdir(), 'helen-verify-api-'));
    expect(() => verifyArchitecture({ architecture: join(out, 'missing.yaml') })).toThrow(HelenError);
    expect(() =>
      verifyArchitecture({ architecture: 'architectures/examples/demo-chip.yaml', component: 'chip.sramm' }),
    ).toThrow(/did you mean "chip.sram"/);
    expect(() => verifyArchitecture({ architecture: 'architectures/examples/demo-chip.yaml', runs: 0 })).toThrow(
      /--runs/,
    );
    expect(() =>
      verifyArchitecture({ architecture: 'architectures/examples/demo-chip.yaml', property: 'nope' }),
    ).toThrow(/--property/);
  });
});
