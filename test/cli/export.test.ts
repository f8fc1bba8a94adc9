import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { helen } from '../support/cli.js';

const STACK = /\n\s+at .+:\d+:\d+/;

describe('helen export', () => {
  beforeAll(() => {
    if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is missing: the test command builds first (npm test)');
  });

  it('writes a layer list as an ONNX model and says what it wrote', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'helen-export-')), 'cnn.onnx');
    const r = helen('export', 'workloads/examples/cnn-small.yaml', '--onnx', out);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${out}: 7 layers, weights by shape only (${readFileSync(out).length} bytes)\n`);
  });

  it("--ert and --art write an architecture's Accelergy tables together and say what they wrote", () => {
    const out = mkdtempSync(join(tmpdir(), 'helen-export-tables-'));
    const [ert, art] = [join(out, 'demo.ERT.yaml'), join(out, 'demo.ART.yaml')];
    const r = helen('export', 'architectures/examples/demo-chip.yaml', '--ert', ert, '--art', art);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${ert}: 3 ERT entries (energies per action, pJ)\n${art}: 3 ART entries (areas, µm²)\n`);
    expect(readFileSync(art, 'utf8')).toContain('  - name: "chip.pe[0..2]"\n    area: 10000\n');
  });

  it('a workload that is not a layer list is one located error without a stack trace', () => {
    const out = join(tmpdir(), 'helen-export-never.onnx');
    const ops = helen('export', 'workloads/examples/demo-ops.jsonl', '--onnx', out);
    expect(ops.code).toBe(1);
    expect(ops.stderr).toMatch(
      /demo-ops\.jsonl: only layer workloads can be written as ONNX; this file reads as "op-trace"/,
    );
    expect(ops.stderr).not.toMatch(STACK);
  });
});
