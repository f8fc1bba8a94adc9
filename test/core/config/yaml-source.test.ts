import { describe, expect, it } from 'vitest';
import { parseYamlText } from '../../../core/config/yaml-source.js';
import type { HelenError } from '../../../core/index.js';

describe('YAML nested past the parser’s stack', () => {
  // The parser recursed until its stack overflowed: "YAML syntax: Maximum call stack size exceeded" in the CLI,
  // and a test runner's worker died outright (a regular-expression compiler out of memory).
  it.each([
    { case: 'a JSON list 100 000 deep', text: '['.repeat(100_000) + ']'.repeat(100_000), column: 65 },
    {
      case: 'a JSON object 100 000 deep',
      text: '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000),
      column: 64 * 5 + 1,
    },
    {
      case: 'a YAML flow value 100 000 deep',
      text: 'components: ' + '['.repeat(100_000) + ']'.repeat(100_000),
      column: 12 + 65,
    },
    {
      case: 'brackets on a later line',
      text: '# [[[[ a comment ]\nname: "[[[[" \nvalue:\n  ' + '['.repeat(70) + ']'.repeat(70),
      line: 4,
      column: 2 + 65,
    },
  ])('$case is one E_YAML at the bracket past 64 levels, before parsing', ({ text, column, line = 1 }) => {
    const problems: HelenError[] = [];
    expect(parseYamlText(text, 'deep.json', problems)).toBeUndefined();
    expect(problems.map((p) => [p.code, p.location, p.message])).toEqual([
      ['E_YAML', { file: 'deep.json', line, column }, 'nesting deeper than 64 levels'],
    ]);
  });

  it.each([
    {
      case: 'brackets inside quotes and comments',
      text: `a: "${'['.repeat(100)}"\nb: '${'{'.repeat(100)}' # ${'['.repeat(100)}\n`,
    },
    { case: 'flow collections 64 deep', text: 'a: ' + '['.repeat(64) + ']'.repeat(64) + '\n' },
  ])('$case are read', ({ text }) => {
    const problems: HelenError[] = [];
    expect(parseYamlText(text, 'ok.yaml', problems)?.kind).toBe('map');
    expect(problems).toEqual([]);
  });
});
