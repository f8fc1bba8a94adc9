import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelenError } from '../../../core/index.js';
import { readOnnx } from '../../../workloads/onnx/index.js';
import { buildModel, tempDir } from './build-model.js';

const dir = tempDir();
const valid = buildModel({
  inputs: [{ name: 'x', dims: [1, 3, 4, 4] }],
  initializers: [
    { name: 'w', dims: [2, 3, 3, 3] },
    { name: 'v', dims: [32, 4] },
  ],
  nodes: [
    { op: 'Conv', name: 'c', inputs: ['x', 'w'], outputs: ['y'], attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] } },
    { op: 'Relu', inputs: ['y'], outputs: ['r'] },
    { op: 'Flatten', inputs: ['r'], outputs: ['f'] },
    { op: 'MatMul', name: 'fc', inputs: ['f', 'v'], outputs: ['o'] },
  ],
});

describe('ONNX reader on damaged files', () => {
  it('any byte changes or truncation of a valid model read as layers or fail with one HelenError, never another error', () => {
    const file = join(dir, 'damaged.onnx');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(valid.length),
        (edits, cut) => {
          const bytes = valid.slice(0, Math.max(1, valid.length - (cut % 16)));
          for (const [at, b] of edits) if (at < bytes.length) bytes[at] = b;
          writeFileSync(file, bytes);
          try {
            expect(readOnnx(file).kind).toBe('layers');
          } catch (e) {
            if (!(e instanceof HelenError)) throw e;
            expect(e.location?.file).toBe(file);
          }
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });
});
