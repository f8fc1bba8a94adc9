import { it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { validateFiles } from '../../../api/validate.js';

const cases: Record<string, Record<string, string>> = {
  connkey: { 'a.yaml': 'name: x\nclock: 1GHz\ncomponents:\n  a:\n    type: generic.unit\nconnections:\n  - from: a.out\n    to: a.in\n    toString: 1\n' },
  dupparam: { 'a.yaml': 'name: x\nclock: 1GHz\ncomponents:\n  u:\n    include: p.yaml\n', 'p.yaml': 'type: generic.unit\nparams:\n  cycles_per_opp: 3\n' },
  quoted: { 'a.yaml': 'name: x\nclock: 1GHz\nparams:\n  stages: 3\ncomponents:\n  u:\n    type: generic.unit\n    count: "2 * stagse"\n' },
  rangekey: { 'a.yaml': 'name: x\nclock: 1GHz\nparams:\n  stages: 3\ncomponents:\n  pe[0..stagse]:\n    type: generic.unit\n' },
  connexpr: { 'a.yaml': 'name: x\nclock: 1GHz\nparams:\n  stages: 3\ncomponents:\n  pe:\n    type: generic.unit\n    count: 3\nconnections:\n  - from: pe[0..stagse-2].out\n    to: pe[1..stages-1].in\n' },
  noname: { 'a.yaml': 'clock: 1GHz\nfoo: 1\n' },
  overlap: { 'a.yaml': 'name: x\nclock: 1GHz\ncomponents:\n  pe[0..1]:\n    type: generic.unit\n  pe[1..2]:\n    type: generic.unit\n' },
  dupinc: { 'a.yaml': 'include: b.yaml\nname: x\nclock: 1GHz\ncomponents:\n  u:\n    type: generic.unit\n', 'b.yaml': 'components:\n  u:\n    type: generic.unit\n' },
  twice: { 'a.yaml': 'name: x\nclock: 1GHz\ncomponents:\n  a:\n    type: generic.unit\n  b:\n    type: generic.unit\nconnections:\n  - {from: a.out, to: b.in}\n  - {from: a.out, to: b.in}\n' },
  clocks: { 'a.yaml': 'name: x\nclock: 1e308\nclocks:\n  f: 1e-300ps\n  g: 2THz\n  h: 0\n  i: -1GHz\n  j: 1e300s\n' },
  bomb: { 'a.yaml': 'name: x\nclock: 1GHz\nparams:\n  a: &a [1,1,1,1,1,1,1,1,1,1]\n  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]\n' },
  self: { 'a.yaml': '&x {name: x, clock: 1GHz, params: *x}\n' },
  deep: { 'a.yaml': '['.repeat(10000) + ']'.repeat(10000) + '\n' },
  deepmap: { 'a.yaml': '{a:'.repeat(10000) + '1' + '}'.repeat(10000) + '\n' },
  set: { 'a.yaml': 'name: x\nclock: 1GHz\nparams:\n  stages: 3\ncomponents:\n  chip:\n    type: generic.group\n' },
  nested: { 'a.yaml': 'name: x\nclock: 1GHz\ncomponents:\n  chip:\n    type: generic.group\n    connections:\n      - from: a.out\n        to: b.in\n' },
};
it('probe', () => {
  for (const [name, files] of Object.entries(cases)) {
    const dir = mkdtempSync(join(tmpdir(), 'probe-'));
    for (const [f, t] of Object.entries(files)) { mkdirSync(dirname(join(dir, f)), { recursive: true }); writeFileSync(join(dir, f), t); }
    const root = join(dir, Object.keys(files)[0]!);
    const r = validateFiles([root], name === 'set' ? { overrides: new Map([['chp.area', '1'], ['stagse', '2'], ['chip.area', '2pJ']]) } : {});
    console.log('== ' + name + '\n' + r[0]!.problems.map((p) => p.format() + '   ' + JSON.stringify(p.location)).join('\n'));
  }
});
