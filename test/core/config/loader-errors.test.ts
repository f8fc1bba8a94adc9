import { describe, expect, it } from 'vitest';
import { errorSandbox, expectProblems, HEAD, yaml } from './errors-helpers.js';

// Value, type, name and connection errors. Include errors are in include-errors.test.ts; several problems in one
// run, format() and the CLI in error-reporting.test.ts; the shared contract is in errors-helpers.ts.

const { problemsOf } = errorSandbox();

describe('loader errors: one located message per problem', () => {
  it('YAML syntax errors are located (duplicate key, unclosed flow sequence)', () => {
    expectProblems(problemsOf(HEAD + 'name: y\n'), [
      { code: 'E_YAML', line: 3, column: 1, message: /^YAML syntax: Map keys must be unique/ },
    ]);
    expectProblems(problemsOf(HEAD + 'components:\n  a: [1, 2\n'), [
      { code: 'E_YAML', line: 5, column: 1, message: /^YAML syntax: .*end with a \]/ },
    ]);
  });

  it('an unknown top-level key suggests the closest one', () => {
    expectProblems(problemsOf(HEAD + 'componets: {}\n'), [
      {
        code: 'E_UNKNOWN_KEY',
        line: 3,
        column: 1,
        path: 'componets',
        message: /^unknown key "componets" in architecture; did you mean "components"\?$/,
      },
    ]);
  });

  it('an unknown component key suggests the closest one', () => {
    expectProblems(problemsOf(HEAD + 'components:\n  u:\n    type: generic.unit\n    parms: {}\n'), [
      {
        code: 'E_UNKNOWN_KEY',
        line: 6,
        column: 5,
        path: 'components.u.parms',
        message: /^unknown key "parms" in component "u"; did you mean "params"\?$/,
      },
    ]);
  });

  it('an unknown parameter is reported at its key with a did-you-mean', () => {
    expectProblems(
      problemsOf(HEAD + 'components:\n  u:\n    type: generic.unit\n    params:\n      cycles_per_opp: 3\n'),
      [
        {
          code: 'E_UNKNOWN_KEY',
          line: 7,
          column: 7,
          path: 'components.u.params.cycles_per_opp',
          message: /^unknown parameter "cycles_per_opp" for generic\.unit; did you mean "cycles_per_op"\?$/,
        },
      ],
    );
  });

  it('an unknown component type suggests a registered one', () => {
    expectProblems(problemsOf(HEAD + 'components:\n  u:\n    type: generic.unti\n'), [
      {
        code: 'E_UNKNOWN_TYPE',
        line: 5,
        column: 11,
        path: 'components.u.type',
        message: /^unknown component type "generic\.unti"; did you mean "generic\.unit"\?$/,
      },
    ]);
  });

  it('a wrong unit names the dimension expected', () => {
    expectProblems(problemsOf(HEAD + 'components:\n  u:\n    type: generic.unit\n    params:\n      leakage: 5pJ\n'), [
      {
        code: 'E_UNIT',
        line: 7,
        column: 16,
        path: 'components.u.params.leakage',
        message: /parameter "leakage": expected a power \(e\.g\. "10mW"\), got an energy/,
      },
    ]);
  });

  it('wrong types: a mapping for a number, a boolean for a number, a word for a count', () => {
    expectProblems(
      problemsOf(HEAD + 'components:\n  u:\n    type: generic.unit\n    params:\n      cycles_per_op: {a: 1}\n'),
      [
        {
          code: 'E_TYPE',
          line: 7,
          column: 22,
          path: 'components.u.params.cycles_per_op',
          message: /expected a value for parameter "cycles_per_op", got a mapping/,
        },
      ],
    );
    expectProblems(
      problemsOf(
        HEAD +
          'components:\n  u:\n    type: generic.unit\n    count: hello\n  v:\n    type: generic.unit\n    params:\n      in_depth: true\n',
      ),
      [
        {
          code: 'E_EXPR',
          line: 6,
          column: 12,
          path: 'components.u.count',
          message: /count of "u": unknown name "hello"/,
        },
        {
          code: 'E_TYPE',
          line: 10,
          column: 17,
          path: 'components.v.params.in_depth',
          message: /parameter "in_depth": expected a number or an expression .* got boolean/,
        },
      ],
    );
  });

  it('a fraction where a whole number is needed', () => {
    expectProblems(
      problemsOf(
        HEAD +
          'components:\n  u:\n    type: generic.unit\n    params:\n      in_depth: 2.5\n  m:\n    type: generic.memory\n    params:\n      capacity: 1.5B\n',
      ),
      [
        {
          code: 'E_TYPE',
          line: 7,
          column: 17,
          path: 'components.u.params.in_depth',
          message: /parameter "in_depth": expected a whole number, got 2\.5/,
        },
        {
          code: 'E_TYPE',
          line: 11,
          column: 17,
          path: 'components.m.params.capacity',
          message: /parameter "capacity": expected a whole number of bytes, got 1\.5 bytes/,
        },
      ],
    );
  });

  it("values below the minimum: all of a component's bad values are reported, not just the first (in schema order)", () => {
    expectProblems(
      problemsOf(
        HEAD +
          'components:\n  u:\n    type: generic.unit\n    params:\n      leakage: 1pJ\n      in_depth: 0\n      energy_per_op: -1pJ\n',
      ),
      [
        { code: 'E_UNIT', line: 7, column: 16, path: 'components.u.params.leakage', message: /expected a power/ },
        {
          code: 'E_VALUE',
          line: 9,
          column: 22,
          path: 'components.u.params.energy_per_op',
          message: /^parameter "energy_per_op" of generic\.unit: Too small: expected number to be >=0 \(in pJ\)$/,
        },
        {
          code: 'E_VALUE',
          line: 8,
          column: 17,
          path: 'components.u.params.in_depth',
          message: /^parameter "in_depth" of generic\.unit: Too small: expected number to be >=1$/,
        },
      ],
    );
  });

  it('missing required values: a parameter, a component type, the name, the clock', () => {
    expectProblems(problemsOf(HEAD + 'components:\n  m:\n    type: generic.memory\n'), [
      {
        code: 'E_MISSING',
        line: 4,
        column: 3,
        path: 'components.m',
        message: /^generic\.memory needs parameter "capacity": .*\(in bytes\)$/,
      },
    ]);
    expectProblems(problemsOf(HEAD + 'components:\n  m:\n    params: {}\n'), [
      {
        code: 'E_MISSING',
        line: 4,
        column: 3,
        path: 'components.m',
        message: /^component "m" is missing required key "type"/,
      },
    ]);
    expectProblems(problemsOf('clock: 1GHz\n'), [
      { code: 'E_MISSING', line: 1, column: 1, message: /^missing required key "name"/ },
    ]);
    expectProblems(problemsOf('name: x\n'), [
      {
        code: 'E_MISSING',
        line: 1,
        column: 1,
        path: 'clock',
        message: /^missing required key "clock" \(the main clock, e\.g\. "1GHz"\)$/,
      },
    ]);
  });

  it('dangling connections: an unknown component and an unknown port, each with a suggestion', () => {
    const arch = yaml`
      name: x
      clock: 1GHz
      components:
        alpha:
          type: generic.unit
        beta:
          type: generic.unit
      connections:
        - from: alpah.out
          to: beta.inn
    `;
    expectProblems(problemsOf(arch), [
      {
        code: 'E_DANGLING',
        line: 9,
        column: 11,
        path: 'connections[0].from',
        message: /^dangling connection: no component "alpah"; did you mean "alpha"\?$/,
      },
      {
        code: 'E_DANGLING',
        line: 10,
        column: 9,
        path: 'connections[0].to',
        message: /^beta \(generic\.unit\) has no input port "inn"; did you mean "in"\?$/,
      },
    ]);
  });

  it('ranges of different lengths in one connection', () => {
    const arch =
      HEAD +
      'components:\n  pe:\n    type: generic.unit\n    count: 4\nconnections:\n  - from: pe[0..2].out\n    to: pe[1..2].in\n';
    expectProblems(problemsOf(arch), [
      {
        code: 'E_CONNECTION',
        line: 8,
        column: 5,
        path: 'connections[0]',
        message: /"from" names 3 ports but "to" names 2/,
      },
    ]);
  });

  it('an unknown variable points at the variable itself (plain, quoted, in a range key, in a connection index)', () => {
    const arch = yaml`
      name: x
      clock: 1GHz
      params:
        stages: 3
      components:
        u:
          type: generic.unit
          count: 2 * stagse
        v:
          type: generic.unit
          params:
            energy_per_op: "2pJ * stagse"
        pe[0..stagse]:
          type: generic.unit
      connections:
        - from: v.out
          to: u[stagse-2].in
    `;
    const hint = /unknown name "stagse"; did you mean "stages"\?$/;
    expectProblems(problemsOf(arch), [
      { code: 'E_EXPR', line: 8, column: 16, path: 'components.u.count', message: hint },
      { code: 'E_EXPR', line: 12, column: 29, path: 'components.v.params.energy_per_op', message: hint },
      { code: 'E_EXPR', line: 13, column: 9, path: 'components.pe[0..stagse]', message: hint },
      { code: 'E_EXPR', line: 17, column: 11, path: 'connections[0].to', message: hint },
    ]);
  });

  it('unknown --set paths suggest a known one; a bad --set value names --set', () => {
    const arch = HEAD + 'params:\n  stages: 3\ncomponents:\n  chip:\n    type: generic.group\n';
    const r = problemsOf(arch, { 'chip.area': '2pJ', 'chp.area': '1mm2', stagse: '2' });
    expectProblems({ file: '--set', problems: r.problems }, [
      { code: 'E_UNIT', path: 'chip.area', message: /parameter "area": expected an area/ },
      { code: 'E_UNKNOWN_KEY', path: 'chp.area', message: /did you mean "chip\.area"\?$/ },
      { code: 'E_UNKNOWN_KEY', path: 'stagse', message: /did you mean "stages"\?$/ },
    ]);
    expect(r.problems[1]!.format()).toMatch(/^--set: chp\.area: .*\[E_UNKNOWN_KEY\]$/);
  });

  it('replication beyond the instance limit (range key, count, connection range) is an error, not a hang', () => {
    const arch =
      HEAD +
      'components:\n  pe[0..99999999]:\n    type: generic.unit\n  q:\n    type: generic.unit\n    count: 2000000\nconnections:\n  - from: q[0..99999999].out\n    to: q[0..99999999].in\n';
    expectProblems(problemsOf(arch), [
      {
        code: 'E_LIMIT',
        line: 4,
        column: 9,
        path: 'components.pe[0..99999999]',
        message: /^range end of "pe" is 99999999; at most 200000 instances are allowed$/,
      },
      {
        code: 'E_LIMIT',
        line: 8,
        column: 12,
        path: 'components.q.count',
        message: /^count of "q" is 2000000; at most 200000/,
      },
      { code: 'E_LIMIT', line: 10, column: 11, path: 'connections[0].from', message: /names more than 200000 ports/ },
      { code: 'E_LIMIT', line: 11, column: 9, path: 'connections[0].to', message: /names more than 200000 ports/ },
    ]);
  });
});
