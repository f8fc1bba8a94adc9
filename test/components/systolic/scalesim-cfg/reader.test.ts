import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../support/helen-error.js';
import { scalesimConfigFromText } from '../../../../components/systolic/index.js';
import { parseIni } from '../../../../components/systolic/scalesim-cfg/ini.js';

const SHIPPED = 'architectures/examples/scalesim-os-32.cfg';

/** A valid configuration in SCALE-Sim's own layout (its configs/eyeriss.cfg), line by line. */
const VALID = [
  '[general]', //                       1
  'run_name = eyeriss', //              2
  '', //                                3
  '[architecture_presets]', //          4
  'ArrayHeight:    12', //              5
  'ArrayWidth:     14', //              6
  'IfmapSramSzkB:    36', //            7
  'FilterSramSzkB:   36', //            8
  'OfmapSramSzkB:    36', //            9
  'IfmapOffset:    0', //               10
  'FilterOffset:   10000000', //        11
  'OfmapOffset:    20000000', //        12
  'Dataflow : ws', //                   13
  'Bandwidth : 10', //                  14
  'MemoryBanks: 1', //                  15
  '', //                                16
  '[run_presets]', //                   17
  'InterfaceBandwidth: CALC', //        18
];

/** VALID with line `line` (1-based) replaced by `text` (undefined: removed). */
function withLine(line: number, text: string | undefined): string {
  const lines = [...VALID];
  if (text === undefined) lines.splice(line - 1, 1);
  else lines[line - 1] = text;
  return lines.join('\n');
}

describe('SCALE-Sim .cfg reader', () => {
  it('reads the modelled keys and reports each key it does not model, one located line each', () => {
    const c = scalesimConfigFromText(VALID.join('\n'), 'eyeriss.cfg');
    expect([c.runName, c.rows, c.cols, c.dataflow]).toEqual(['eyeriss', 12, 14, 'ws']);
    expect(c.notes.map((n) => [n.key, n.value, n.location.line, n.location.column])).toEqual([
      ['IfmapSramSzkB', '36', 7, 1],
      ['FilterSramSzkB', '36', 8, 1],
      ['OfmapSramSzkB', '36', 9, 1],
      ['IfmapOffset', '0', 10, 1],
      ['FilterOffset', '10000000', 11, 1],
      ['OfmapOffset', '20000000', 12, 1],
      ['Bandwidth', '10', 14, 1],
      ['MemoryBanks', '1', 15, 1],
    ]);
    expect(c.notes[0]!.message).toMatch(/^IfmapSramSzkB = 36 \(IFMAP SRAM size in KiB\) is not modelled: /);
    expect(c.locations['ArrayWidth']).toMatchObject({ file: 'eyeriss.cfg', line: 6, column: 17 });
  });

  it('matches keys without case, as configparser does (SCALE-Sim itself asks for "ifmapsramszkB")', () => {
    const c = scalesimConfigFromText(withLine(5, 'arrayheight = 8').replace('Dataflow', 'DATAFLOW'), 'x.cfg');
    expect([c.rows, c.dataflow]).toEqual([8, 'ws']);
  });

  it('reads the shipped example, SCALE-Sim v2 configs/scale.cfg', () => {
    const c = scalesimConfigFromText(readFileSync(SHIPPED, 'utf8'), SHIPPED);
    expect([c.runName, c.rows, c.cols, c.dataflow, c.notes.length]).toEqual([
      'scale_example_run_32x32_os',
      32,
      32,
      'os',
      8,
    ]);
  });

  const malformed: [string, string, RegExp][] = [
    [
      'an array dimension that is not a number',
      withLine(5, 'ArrayHeight: twelve'),
      /^x\.cfg:5:14: architecture_presets\.ArrayHeight: "ArrayHeight" must be a whole number ≥ 1 .*got "twelve" \[E_CONFIG\]$/,
    ],
    ['a zero array width', withLine(6, 'ArrayWidth: 0'), /^x\.cfg:6:13: .*"ArrayWidth" must be a whole number ≥ 1/],
    [
      'a fractional SRAM size',
      withLine(7, 'IfmapSramSzkB: 1.5'),
      /^x\.cfg:7:16: .*"IfmapSramSzkB" must be a whole number ≥ 0/,
    ],
    [
      'an unknown dataflow',
      withLine(13, 'Dataflow : rs'),
      /^x\.cfg:13:12: architecture_presets\.Dataflow: "Dataflow" must be os, ws, is .*got "rs"/,
    ],
    [
      'a comment after a value (configparser keeps it in the value)',
      withLine(13, 'Dataflow : os # output stationary'),
      /^x\.cfg:13:12: .*got "os # output stationary"/,
    ],
    [
      'USER bandwidth, which needs stalls Helen does not model',
      withLine(18, 'InterfaceBandwidth: USER'),
      /^x\.cfg:18:21: run_presets\.InterfaceBandwidth: "InterfaceBandwidth: USER" makes SCALE-Sim stall .*use CALC/,
    ],
    [
      'a bandwidth mode SCALE-Sim does not know',
      withLine(18, 'InterfaceBandwidth: FAST'),
      /^x\.cfg:18:21: .*must be CALC .*got "FAST"/,
    ],
    [
      'a missing required key',
      withLine(10, undefined),
      /^x\.cfg:4:1: architecture_presets: missing key "IfmapOffset" .*which SCALE-Sim v2 requires in \[architecture_presets\]/,
    ],
    [
      'a missing section',
      withLine(17, '').replace('InterfaceBandwidth: CALC', ''),
      /^x\.cfg:1:1: run_presets\.InterfaceBandwidth: missing section \[run_presets\]/,
    ],
    [
      'a misspelt key',
      withLine(15, 'MemoryBank: 1'),
      /^x\.cfg:15:1: architecture_presets\.MemoryBank: unknown key "MemoryBank" in \[architecture_presets\]; did you mean "MemoryBanks"\?/,
    ],
    [
      'a key in the wrong section',
      withLine(2, 'Dataflow = os'),
      /^x\.cfg:2:1: general\.Dataflow: "Dataflow" belongs in \[architecture_presets\], not \[general\]/,
    ],
    [
      'an unknown section',
      withLine(17, '[run_preset]'),
      /^x\.cfg:17:1: run_preset: unknown section \[run_preset\]; did you mean \[run_presets\]\?/,
    ],
    [
      'a key given twice',
      withLine(16, 'arrayheight: 4'),
      /^x\.cfg:16:1: architecture_presets\.arrayheight: "arrayheight" is given twice in \[architecture_presets\]/,
    ],
    ['a section given twice', withLine(16, '[general]'), /^x\.cfg:16:1: general: section \[general\] is given twice/],
    [
      'a key before any section',
      'run_name = x\n' + VALID.join('\n'),
      /^x\.cfg:1:1: run_name: "run_name" comes before any \[section\] header/,
    ],
    [
      'a line that is neither',
      withLine(3, 'just words'),
      /^x\.cfg:3:1: expected "\[section\]" or "key = value", got "just words"/,
    ],
    ['a continued value', withLine(14, '    10'), /^x\.cfg:14:5: an indented line continues the previous value/],
    ['an empty run name', withLine(2, 'run_name ='), /^x\.cfg:2:11: general\.run_name: "run_name" must not be empty/],
  ];
  it.each(malformed)('%s: one located error, no stack trace', (_what, text, expected) => {
    const e = errorOf(() => scalesimConfigFromText(text, 'x.cfg'));
    expect(e.format().split('\n')[0]).toMatch(expected);
  });

  it('reports every problem of a file together', () => {
    const text = withLine(5, 'ArrayHeight: -1').replace('Dataflow : ws', 'Dataflow : xs');
    expect(
      errorOf(() => scalesimConfigFromText(text, 'x.cfg'))
        .format()
        .split('\n'),
    ).toHaveLength(2);
  });

  it('parses INI as configparser: first "=" or ":" splits, values trimmed, whole-line # and ; comments skipped', () => {
    const [s] = parseIni('; comment\n[a]\n# comment\nk : v = w \nurl= http://x:1\n', 'f.ini');
    expect(s!.entries.map((e) => [e.key, e.value, e.valueLoc.column])).toEqual([
      ['k', 'v = w', 5],
      ['url', 'http://x:1', 6],
    ]);
  });
});
