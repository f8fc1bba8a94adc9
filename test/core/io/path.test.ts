import { createHash } from 'node:crypto';
import * as posix from 'node:path/posix';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as path from '../../../core/io/path.js';
import { sha256Hex } from '../../../core/io/sha256.js';

const segment = fc.constantFrom('a', 'b', 'dir', '.', '..', '', 'x.yaml', '.hidden', 'f.tar.gz', 'a b');
const pathText = fc
  .tuple(fc.boolean(), fc.array(segment, { maxLength: 6 }), fc.boolean())
  .map(([abs, parts, slash]) => `${abs ? '/' : ''}${parts.join('/')}${slash ? '/' : ''}`);

describe('core/io/path: the pure POSIX helpers', () => {
  it('property: join, resolve, normalize, dirname (of normal paths), basename, extname, isAbsolute and relative agree with node:path/posix', () => {
    fc.assert(
      fc.property(pathText, pathText, (a, b) => {
        expect(path.join(a, b)).toBe(posix.join(a, b));
        expect(path.resolve(a, b)).toBe(posix.resolve(a, b));
        expect(path.resolve(a)).toBe(posix.resolve(a));
        if (a !== '') expect(path.normalize(a)).toBe(posix.normalize(a));
        // node:path keeps a leading `//` in dirname (`//a` → `//`); Helen takes dirname of normal paths only.
        const n = posix.normalize(a);
        expect(path.dirname(n)).toBe(posix.dirname(n));
        expect(path.basename(a)).toBe(posix.basename(a));
        expect(path.extname(a)).toBe(posix.extname(a));
        expect(path.isAbsolute(a)).toBe(posix.isAbsolute(a));
        expect(path.relative(a, b)).toBe(posix.relative(a, b));
      }),
      { numRuns: 400 },
    );
  });
});

describe('core/io/sha256', () => {
  it('property: the digest equals node:crypto’s SHA-256 for any bytes (block boundaries included)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
      }),
      { numRuns: 200 },
    );
  });
});
