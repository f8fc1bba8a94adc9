import { describe, expect, it } from 'vitest';
import { fileNameProblem } from '../../../core/io/file-name.js';

describe('output names are file names, not paths', () => {
  it.each([
    ['results', undefined],
    ['adc-sweep.v2', undefined],
    ['a..b', undefined],
    ['.hidden', undefined],
    ['ünïcödé 🦀', undefined],
    ['', /empty/],
    ['   ', /empty/],
    ['.', /names a folder/],
    ['..', /names a folder/],
    ['../x', /path separator/],
    ['../../../../elsewhere/x', /path separator/],
    ['/etc/passwd', /path separator/],
    ['a\\b', /path separator/],
    ['a\0b', /NUL/],
    ['a\nb', /control character/],
    ['x'.repeat(256), /longer than 255 bytes/],
  ])('%j → %s', (name, problem) => {
    const why = fileNameProblem(name);
    if (problem === undefined) expect(why).toBeUndefined();
    else expect(why).toMatch(problem);
  });
});
