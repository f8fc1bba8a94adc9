import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../api/run.js';
import { errorOf } from '../../support/helen-error.js';

const ARCH = 'architectures/examples/demo-chip.yaml';

/** Runs a one-line op trace (after a blank line and a comment, so it is line 3) on the demo chip. */
function failure(line: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'helen-op-args-')), 'ops.jsonl');
  writeFileSync(file, `\n# spoilt arguments\n${line}\n`);
  return { file, e: errorOf(() => runSimulation({ architecture: ARCH, workload: file })) };
}

describe('op-trace driver: a wrong argument is refused at its line, column and key', () => {
  it.each([
    [
      'a misspelt argument, with the name it resembles',
      '{"to": "chip.pe[0]", "op": "compute", "cuont": 4}',
      'cuont',
      /operation "compute" has no argument "cuont"; did you mean "count"\?/,
    ],
    [
      'a misspelt argument of send',
      '{"to": "chip.pe[0]", "op": "send", "bytes": 64, "cuont": 3}',
      'cuont',
      /operation "send" has no argument "cuont"; did you mean "count"\?/,
    ],
    [
      'an unknown argument that resembles nothing, with the arguments there are',
      '{"to": "chip.sram", "op": "read", "bytes": 64, "colour": "red"}',
      'colour',
      /operation "read" has no argument "colour"; it takes: bytes/,
    ],
    [
      'a boolean for a count',
      '{"to": "chip.pe[0]", "op": "compute", "count": true}',
      'count',
      /argument "count" must be a whole number, got true/,
    ],
    [
      'text for a size',
      '{"to": "chip.sram", "op": "write", "bytes": "lots"}',
      'bytes',
      /argument "bytes" must be a whole number/,
    ],
  ])('%s', (_name, line, key, message) => {
    const { file, e } = failure(line);
    expect(e.code).toBe('E_OP');
    expect(e.message).toMatch(message);
    expect(e.location).toEqual({ file, line: 3, column: line.indexOf(`"${key}"`) + 1, path: key });
    expect(e.format()).toMatch(new RegExp(`ops\\.jsonl:3:${line.indexOf(`"${key}"`) + 1}: ${key}: `));
  });

  it('a missing argument is refused at its line', () => {
    const { file, e } = failure('{"to": "chip.sram", "op": "read"}');
    expect(e.message).toMatch(/operation "read" needs argument "bytes"/);
    expect(e.location).toEqual({ file, line: 3 });
  });
});
