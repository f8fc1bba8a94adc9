import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyArchitecture } from '../../../api/verify.js';
import { formatVerifyReport } from '../../../cli/commands/verify.js';
import { HelenError } from '../../../core/index.js';

// isaac.yaml (17 348 components) takes about a second to elaborate per run: it is verified from the CLI, not here.
const SHIPPED = ['architectures/examples/demo-chip.yaml', 'architectures/examples/demo-chip-fast.yaml', 'architectures/systolic-os-32.yaml', 'architectures/snn-small.yaml', 'architectures/isaac-small.yaml'];

describe('helen verify on the shipped architectures', () => {
  for (const architecture of SHIPPED) {
    it(`${architecture} satisfies every property and invariant with the default runs`, () => {
      const report = verifyArchitecture({ architecture });
      expect(report.properties.filter((p) => p.status === 'failed').map((p) => `${p.property}: ${p.failure?.message}`)).toEqual([]);
      expect(report.passed).toBe(true);
      expect(report.properties.map((p) => p.property)).toContain('same seed gives the same trace hash');
    });
  }

  it('runs the generic and systolic properties where those types appear, with the default number of runs', () => {
    const report = verifyArchitecture({ architecture: 'architectures/systolic-os-32.yaml' });
    const rows = report.properties.filter((p) => p.component === 'chip.array');
    expect(rows.map((r) => r.property)).toContain('systolic.array: result equals the matrix product (fast and PE-by-PE models)');
    expect(rows.every((r) => r.status === 'passed' && r.runs === 20)).toBe(true);
  });

  it('the same seed checks the same cases: two verifications print the same table apart from times', () => {
    const strip = (s: string) => s.replace(/\d+\.\d+ s/g, '');
    const a = formatVerifyReport(verifyArchitecture({ architecture: 'architectures/examples/demo-chip.yaml', runs: 5, seed: 3 }));
    const b = formatVerifyReport(verifyArchitecture({ architecture: 'architectures/examples/demo-chip.yaml', runs: 5, seed: 3 }));
    expect(strip(a)).toBe(strip(b));
  });

  it('--component limits the checks to a subtree', () => {
    const report = verifyArchitecture({ architecture: 'architectures/examples/demo-chip.yaml', component: 'chip.pe[1]', runs: 3 });
    const components = new Set(report.properties.flatMap((p) => (p.component ? [p.component] : [])));
    expect([...components]).toEqual(['chip.pe[1]']);
  });

  it('bad input is a located HelenError, never a crash', () => {
    const out = mkdtempSync(join(tmpdir(), 'helen-verify-api-'));
    expect(() => verifyArchitecture({ architecture: join(out, 'missing.yaml') })).toThrow(HelenError);
    expect(() => verifyArchitecture({ architecture: 'architectures/examples/demo-chip.yaml', component: 'chip.sramm' })).toThrow(/did you mean "chip.sram"/);
    expect(() => verifyArchitecture({ architecture: 'architectures/examples/demo-chip.yaml', runs: 0 })).toThrow(/--runs/);
    expect(() => verifyArchitecture({ architecture: 'architectures/examples/demo-chip.yaml', property: 'nope' })).toThrow(/--property/);
  });
});
