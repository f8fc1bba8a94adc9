import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateFiles } from '../../../api/validate.js';

/** The demo chip's header with `stages` set to `value` (line 4, column 11). */
const arch = (value: string): string =>
  `name: v\nclock: 1GHz\nparams:\n  stages: ${value}\ncomponents:\n  u:\n    type: generic.unit\n    count: stages\n`;

function problems(text: string, overrides?: Record<string, string>): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'helen-vars-')), 'arch.yaml');
  writeFileSync(file, text);
  const [r] = validateFiles([file], { overrides: overrides && new Map(Object.entries(overrides)) });
  return r!.problems.map((p) => p.format().replace(file, 'arch.yaml'));
}

describe('architecture variables: only numbers and expressions, located at the value', () => {
  it.each([
    [
      'true',
      /^arch\.yaml:4:11: params\.stages: variable "stages": expected a number or an expression .*, got boolean \[E_TYPE\]$/,
    ],
    ['false', /^arch\.yaml:4:11: params\.stages: variable "stages": .* got boolean \[E_TYPE\]$/],
    ['[1, 2]', /^arch\.yaml:4:11: params\.stages: expected a value for "stages", got a list \[E_TYPE\]$/],
    ['{a: 1}', /^arch\.yaml:4:11: params\.stages: expected a value for "stages", got a mapping \[E_TYPE\]$/],
    ['', /^arch\.yaml:4:11: params\.stages: expected a value for "stages", got nothing \(null\) \[E_TYPE\]$/],
  ])('stages: %s is refused', (value, message) => {
    expect(problems(arch(value))[0]).toMatch(message);
  });

  it('a number or an expression is still a variable', () => {
    expect(problems(arch('"1 + 2"'))).toEqual([]);
    expect(problems(arch('3'))).toEqual([]);
  });
});
