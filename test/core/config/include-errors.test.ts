import { describe, it } from 'vitest';
import { validateFiles } from '../../../api/validate.js';
import { errorSandbox, expectProblems, HEAD } from './errors-helpers.js';

// Include errors: cycles, leaving the architecture's folder, missing files. The shared contract is in errors-helpers.ts.

const { problemsOf } = errorSandbox();

describe('loader errors: includes', () => {
  it('a top-level include cycle is reported once, at the include that closes it', () => {
    const r = validateFiles(['test/fixtures/includes/cycle-a.yaml'])[0]!;
    const chain = ['cycle-a', 'cycle-b', 'cycle-a'].map((f) => `test/fixtures/includes/${f}\\.yaml`).join(' → ');
    expectProblems({ file: r.file, problems: r.problems }, [
      {
        code: 'E_INCLUDE_CYCLE',
        file: 'test/fixtures/includes/cycle-b.yaml',
        line: 4,
        column: 5,
        path: 'include[0]',
        message: new RegExp(`^include cycle: ${chain}$`),
      },
    ]);
  });

  it('a component-level include cycle is reported once, without follow-on noise', () => {
    const r = validateFiles(['test/fixtures/includes/component-cycle.yaml'])[0]!;
    expectProblems({ file: r.file, problems: r.problems }, [
      {
        code: 'E_INCLUDE_CYCLE',
        file: 'test/fixtures/includes/parts/loop-q.yaml',
        line: 3,
        column: 3,
        path: 'children.again',
        message: /^include cycle: \S+loop-p\.yaml → \S+loop-q\.yaml → \S+loop-p\.yaml$/,
      },
    ]);
  });

  it("includes may not leave the architecture's folder (relative, component-level or absolute)", () => {
    const r = validateFiles(['test/fixtures/includes/leave/arch.yaml'])[0]!;
    expectProblems({ file: r.file, problems: r.problems }, [
      {
        code: 'E_INCLUDE_OUTSIDE',
        line: 4,
        column: 10,
        path: 'include',
        message: /^include "\.\.\/outside\.yaml" leaves the architecture's folder/,
      },
      {
        code: 'E_INCLUDE_OUTSIDE',
        line: 7,
        column: 14,
        path: 'components.pe.include',
        message: /^include "\.\.\/parts\/loop-p\.yaml" leaves/,
      },
    ]);
    expectProblems(problemsOf(HEAD + 'include: /etc/hostname\n'), [
      { code: 'E_INCLUDE_OUTSIDE', line: 3, column: 10, path: 'include', message: /leaves the architecture's folder/ },
    ]);
  });

  it('a missing include is blamed on the include line', () => {
    expectProblems(problemsOf(HEAD + 'include: [nowhere.yaml]\ncomponents:\n  u:\n    include: parts/none.yaml\n'), [
      { code: 'E_FILE', line: 3, column: 11, path: 'include[0]', message: /^include "nowhere\.yaml": no such file/ },
      {
        code: 'E_FILE',
        line: 6,
        column: 14,
        path: 'components.u.include',
        message: /^include "parts\/none\.yaml": no such file/,
      },
    ]);
  });
});
