import { describe, expect, it } from 'vitest';
import { errorOf } from '../../support/helen-error.js';
import { defaultSession } from '../../../api/session.js';
import {
  elaborate,
  loadArchitecture,
  Session,
  type ArchitectureReader,
  type SourceLocation,
  type YNode,
} from '../../../core/index.js';

/** A toy format: the file `x.toy` is "one counter of N bits", translated without reading the disk. */
function toyReader(bits: number | string, format = 'toy'): ArchitectureReader {
  const at = (line: number): SourceLocation => ({ file: 'x.toy', line, column: 3 });
  const scalar = (value: string | number, line: number): YNode => ({ kind: 'scalar', value, loc: at(line) });
  const entry = (key: string, value: YNode) => ({ key, keyLoc: value.loc, value });
  return {
    format,
    description: 'a toy format for tests',
    extensions: ['.toy'],
    read: (_file, shown) => ({
      root: {
        kind: 'map',
        loc: { file: shown, line: 1, column: 1 },
        entries: [
          entry('name', scalar('toy', 1)),
          entry('clock', scalar('1GHz', 1)),
          entry('components', {
            kind: 'map',
            loc: at(2),
            entries: [entry('box', { kind: 'map', loc: at(2), entries: [entry('type', scalar(String(bits), 4))] })],
          }),
        ],
      },
      notes: [{ message: 'colour is not modelled', location: at(9) }],
    }),
  };
}

describe('architecture readers (session.addArchitectureReader)', () => {
  it('a file with a registered ending goes through the normal loader and elaborator, notes kept', () => {
    const session = defaultSession().use({
      name: 'toy',
      register: (s) => s.addArchitectureReader(toyReader('generic.group')),
    });
    const spec = loadArchitecture('x.toy', session.loadOptions());
    expect(spec.name).toBe('toy');
    expect(spec.notes).toEqual([
      { message: 'colour is not modelled', location: { file: 'x.toy', line: 9, column: 3 } },
    ]);
    const model = elaborate(spec, { registry: session.registry, seed: 1 });
    expect(model.roots.map((c) => c.path)).toEqual(['box']);
  });

  it("the loader's own errors about a translated document point into the foreign file", () => {
    const session = defaultSession().use({
      name: 'toy',
      register: (s) => s.addArchitectureReader(toyReader('no.such')),
    });
    const e = errorOf(() => loadArchitecture('x.toy', session.loadOptions()));
    expect(e.format()).toMatch(/^x\.toy:4:3: .*no\.such/);
  });

  it('without the reader a foreign file is read as YAML, as before', () => {
    expect(errorOf(() => loadArchitecture('x.toy', new Session().loadOptions())).format()).toMatch(
      /^x\.toy: no such file/,
    );
  });

  it('two formats claiming one file ending is an error naming both plug-ins', () => {
    const session = new Session().use({ name: 'a', register: (s) => s.addArchitectureReader(toyReader(1, 'toy-a')) });
    const e = errorOf(() =>
      session.use({ name: 'b', register: (s) => s.addArchitectureReader(toyReader(1, 'toy-b')) }),
    );
    expect(e.format()).toBe('architecture formats "toy-a" (a) and "toy-b" (b) both read .toy files [E_REGISTRY]');
  });
});
