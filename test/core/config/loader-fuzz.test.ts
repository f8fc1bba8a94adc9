import { it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { elaborate, loadArchitecture } from '../../../core/index.js';
import { defaultRegistry } from '../../../components/index.js';
const registry = defaultRegistry();
function run(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'probe-'));
  writeFileSync(join(dir, 'a.yaml'), text);
  const t0 = performance.now();
  let r = 'model';
  try { elaborate(loadArchitecture(join(dir, 'a.yaml'), { registry }), { registry }); } catch (e) { r = (e as Error).message.slice(0, 100); }
  return `${(performance.now() - t0).toFixed(0)}ms ${r}`;
}
let k = 0;
it('timing', () => {
  const h = 'name: x\nclock: 1GHz\n';
  if (process.env.ONLY === String(++k)) process.stderr.write('PROBE 10k units ' + run(h + 'components:\n  pe[0..9999]:\n    type: generic.unit\n') + '\n');
  if (process.env.ONLY === String(++k)) process.stderr.write('PROBE 100k units ' + run(h + 'components:\n  pe[0..99999]:\n    type: generic.unit\n') + '\n');
  if (process.env.ONLY === String(++k)) process.stderr.write('PROBE deep seq ' + run(h + 'params: ' + '['.repeat(10000) + ']'.repeat(10000) + '\n') + '\n');
  if (process.env.ONLY === String(++k)) process.stderr.write('PROBE deep map ' + run(h + 'params: ' + '{a: '.repeat(10000) + '1' + '}'.repeat(10000) + '\n') + '\n');
  if (process.env.ONLY === String(++k)) process.stderr.write('PROBE deep block ' + run(h + Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + '\n') + '\n');
  if (process.env.ONLY === String(++k)) process.stderr.write('PROBE long expr ' + run(h + 'params:\n  a: ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '\n') + '\n');
  if (process.env.ONLY === String(++k)) process.stderr.write('PROBE long expr2 ' + run(h + 'params:\n  a: ' + '1+'.repeat(50000) + '1\n') + '\n');
  if (process.env.ONLY === String(++k)) process.stderr.write('PROBE long expr3 ' + run(h + 'params:\n  a: ' + '-'.repeat(50000) + '1\n') + '\n');
  if (process.env.ONLY === String(++k)) process.stderr.write('PROBE pow ' + run(h + 'params:\n  a: pow(10, 400)\n  b: 1e308 * 10\n  c: 1/0\n  d: 0/0\n') + '\n');
  if (process.env.ONLY === String(++k)) process.stderr.write('PROBE conn range ' + run(h + 'components:\n  pe:\n    type: generic.unit\n    count: 3\nconnections:\n  - from: pe[0..99999999].out\n    to: pe[0..99999999].in\n') + '\n');
  if (process.env.ONLY === String(++k)) process.stderr.write('PROBE conn range2 ' + run(h + 'components:\n  pe:\n    type: generic.unit\n    count: 3\nconnections:\n  - from: pe[0..999].out[0..999]\n    to: pe[0..999].in[0..999]\n') + '\n');
});
