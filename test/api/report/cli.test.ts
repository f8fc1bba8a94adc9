import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The compiled CLI, as users run it (npm test builds dist/ first).
const helen = (...args: string[]) => spawnSync(process.execPath, ['bin/helen.js', ...args], { encoding: 'utf8' });
const RUN = ['run', 'architectures/examples/demo-chip.yaml', 'workloads/examples/demo-ops.jsonl'];

describe('helen run --report and helen report', () => {
  it('write the same page from a run and from its saved --json result', () => {
    const d = mkdtempSync(join(tmpdir(), 'helen-report-cli-'));
    const run = helen(...RUN, '--json', '--trace', join(d, 'demo.vcd'), '--report', join(d, 'run.html'));
    expect(run.status, run.stderr).toBe(0);
    writeFileSync(join(d, 'result.json'), run.stdout);
    const rep = helen(
      'report',
      join(d, 'result.json'),
      '--trace-file',
      join(d, 'demo.vcd'),
      '-o',
      join(d, 'saved.html'),
    );
    expect(rep.status, rep.stderr).toBe(0);
    expect(rep.stdout).toBe(`wrote ${join(d, 'saved.html')} (with utilisation over time)\n`);
    // Only wall-clock figures differ between the two runs' reports.
    const strip = (f: string) => readFileSync(join(d, f), 'utf8').replace(/"wall_s":[^,]*,"events_per_s":[^,]*,/, '');
    expect(strip('saved.html')).toBe(strip('run.html'));
    expect(readdirSync(d).sort()).toEqual(['demo.vcd', 'result.json', 'run.html', 'saved.html']);
  });

  it('report a bad result file with its location and no stack trace, writing nothing', () => {
    const d = mkdtempSync(join(tmpdir(), 'helen-report-cli-'));
    writeFileSync(join(d, 'bad.json'), '{"architecture": 3}');
    const r = helen('report', join(d, 'bad.json'), '-o', join(d, 'x.html'));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `${join(d, 'bad.json')}: architecture: expected a string; is this the output of "helen run --json"? [E_REPORT_INPUT]\n`,
    );
    expect(readdirSync(d)).toEqual(['bad.json']);
  });
});
