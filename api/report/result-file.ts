import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HelenError } from '../../core/index.js';
import type { RunReport } from '../run.js';

/**
 * Reads a run report saved by `helen run --json > FILE` or `--out DIR` (give
 * the directory or its `report.json`). The shape is checked field by field, so
 * a wrong file is an error naming the field, not a broken page.
 */
export function readRunReport(path: string): RunReport {
  let file = path;
  let text: string;
  try {
    if (statSync(path).isDirectory()) file = join(path, 'report.json');
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new HelenError('E_REPORT_INPUT', `cannot read the run result: ${(e as Error).message}`, { file });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new HelenError(
      'E_REPORT_INPUT',
      `not valid JSON (${(e as Error).message}); expected the output of "helen run --json" or the report.json of "helen run --out DIR"`,
      { file, ...jsonErrorPosition(text, (e as Error).message) },
    );
  }
  checkRunReport(data, file);
  return data as RunReport;
}

function jsonErrorPosition(text: string, message: string): { line?: number; column?: number } {
  const m = /position (\d+)/.exec(message);
  if (!m) return {};
  const before = text.slice(0, Number(m[1]));
  const lines = before.split('\n');
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}

type Check = 'number' | 'string' | 'object' | 'array';

function checkRunReport(data: unknown, file: string): void {
  const fail = (path: string, expected: string): never => {
    throw new HelenError('E_REPORT_INPUT', `expected ${expected}; is this the output of "helen run --json"?`, {
      file,
      path,
    });
  };
  const is = (v: unknown, c: Check): boolean =>
    c === 'number'
      ? typeof v === 'number' && Number.isFinite(v)
      : c === 'string'
        ? typeof v === 'string'
        : c === 'array'
          ? Array.isArray(v)
          : typeof v === 'object' && v !== null && !Array.isArray(v);
  const fields = (obj: unknown, path: string, spec: Record<string, Check>): Record<string, unknown> => {
    if (!is(obj, 'object')) fail(path || '(top level)', 'an object');
    const o = obj as Record<string, unknown>;
    for (const [k, c] of Object.entries(spec))
      if (!is(o[k], c)) fail(path ? `${path}.${k}` : k, `${c === 'object' ? 'an object' : `a ${c}`}`);
    return o;
  };
  const numbers = (obj: unknown, path: string): void => {
    for (const [k, v] of Object.entries(obj as Record<string, unknown>))
      if (!is(v, 'number')) fail(`${path}["${k}"]`, 'a number');
  };
  const r = fields(data, '', {
    architecture: 'string',
    workload: 'string',
    seed: 'number',
    cycles: 'number',
    main_clock_hz: 'number',
    time_ps: 'number',
    energy_pj: 'number',
    area_mm2: 'number',
    events: 'number',
    operations: 'number',
    stop: 'object',
    energy_by_action_pj: 'object',
    components: 'object',
    phases: 'array',
  });
  fields(r.stop, 'stop', { reason: 'string', message: 'string' });
  numbers(r.energy_by_action_pj, 'energy_by_action_pj');
  for (const [path, c] of Object.entries(r.components as Record<string, unknown>)) {
    const at = `components["${path}"]`;
    const comp = fields(c, at, {
      type: 'string',
      energy_pj: 'number',
      subtree_energy_pj: 'number',
      energy_by_action_pj: 'object',
      area_mm2: 'number',
      subtree_area_mm2: 'number',
      busy_ps: 'number',
      utilisation: 'number',
      counters: 'object',
    });
    numbers(comp.energy_by_action_pj, `${at}.energy_by_action_pj`);
  }
  (r.phases as unknown[]).forEach((p, i) =>
    fields(p, `phases[${i}]`, {
      name: 'string',
      cycles: 'number',
      time_ps: 'number',
      start_ps: 'number',
      end_ps: 'number',
      energy_pj: 'number',
      operations: 'number',
    }),
  );
}
