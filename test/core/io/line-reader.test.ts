import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LineReader } from '../../../core/io/line-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'helen-lines-'));

describe('LineReader', () => {
  it('property: reading a file line by line gives back exactly its lines, whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'grapheme', maxLength: 40000 }).map((s) => s.replace(/[\r\n]/g, '')),
          { maxLength: 8 },
        ),
        fc.boolean(),
        fc.boolean(),
        (lines, crlf, finalNewline) => {
          const file = join(dir, 'l.txt');
          const eol = crlf ? '\r\n' : '\n';
          const text = lines.join(eol) + (finalNewline && lines.length ? eol : '');
          writeFileSync(file, text);
          const r = new LineReader(file);
          const got: string[] = [];
          for (let l = r.next(); l !== undefined; l = r.next()) got.push(l);
          // A final newline ends the last line rather than starting an empty one.
          const want = text.split(eol);
          if (want[want.length - 1] === '') want.pop();
          expect(got).toEqual(want);
          expect(r.lineNumber).toBe(want.length);
        },
      ),
      { numRuns: 60 },
    );
  });
});
