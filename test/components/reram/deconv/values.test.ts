import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf } from '../../../support/helen-error.js';
import { runSimulation } from '../../../../api/run.js';
import { DECONV_MAPPINGS } from '../../../../components/reram/deconv/shape.js';
import { readDeconvValuesSpec } from '../../../../components/reram/deconv/values-spec.js';
import { readLayerList } from '../../../../workloads/layers/layer-list.js';

type RunResult = ReturnType<typeof runSimulation>;

const SMALL = 'test/components/reram/fixtures/deconv-small.yaml';
const VALUES = 'test/components/reram/fixtures/deconv-values.yaml';
const ARCH = {
  zero_insertion: 'architectures/zero-insertion.yaml',
  padding_free: 'architectures/padding-free.yaml',
  red: 'architectures/red.yaml',
} as const;
// A 4-tile chip keeps elaboration fast; every small layer fits on it. The ADC stays ISAAC's (8 bits, unit steps).
const SMALL_CHIP = new Map([['tiles', '4']]);

const formatted = (f: () => unknown): string => errorOf(f).format();

type Row = (string | number)[];
/** The deconv_values table as objects keyed by column name. */
function valueRows(r: RunResult): Record<string, string | number>[] {
  const t = r.workload_summary?.tables.find((x) => x.id === 'deconv_values');
  if (!t) throw new Error('no deconv_values table');
  return t.rows.map((row: Row) => Object.fromEntries(t.columns.map((c, i) => [c, row[i]!])));
}
const metric = (r: RunResult, name: string) => r.workload_summary?.metrics.find((m) => m.name === name)?.value;

describe('values: in deconv layer lists', () => {
  it('reads the block with its defaults, and locates an unknown key or a bad number', () => {
    expect(readDeconvValuesSpec(VALUES)).toEqual({ seed: 7, layers: 4, outputPixels: 64 });
    expect(readDeconvValuesSpec(SMALL)).toBeUndefined();
    expect(formatted(() => readDeconvValuesSpec('test/components/reram/fixtures/deconv-bad-values.yaml'))).toMatch(
      /deconv-bad-values\.yaml:2:20: values\.vectors: unknown key "vectors" in values; known: seed .*, layers .*, output_pixels .*, out_channels/,
    );
    expect(
      formatted(() => readDeconvValuesSpec('test/components/reram/fixtures/deconv-bad-values-pixels.yaml')),
    ).toMatch(
      /deconv-bad-values-pixels\.yaml:2:35: values\.output_pixels: "output_pixels" must be a whole number ≥ 1, got 0/,
    );
  });

  it('the shipped DCGAN example checks its values', () => {
    expect(readDeconvValuesSpec('workloads/examples/deconv-dcgan.yaml')?.layers).toBe(5);
  });

  let plain: Record<string, RunResult> = {};
  let checked: Record<string, RunResult> = {};
  beforeAll(() => {
    plain = Object.fromEntries(
      DECONV_MAPPINGS.map((m) => [m, runSimulation({ architecture: ARCH[m], workload: SMALL, overrides: SMALL_CHIP })]),
    );
    checked = Object.fromEntries(
      DECONV_MAPPINGS.map((m) => [
        m,
        runSimulation({ architecture: ARCH[m], workload: VALUES, overrides: SMALL_CHIP }),
      ]),
    );
  });

  it('values do not change timing or energy: phases, cycles and per-component energy are identical with and without values:', () => {
    const shape = (f: string) => readLayerList(f).layers.map(({ loc: _loc, ...l }) => l);
    expect(shape(VALUES)).toEqual(shape(SMALL));
    for (const m of DECONV_MAPPINGS) {
      expect(checked[m]!.phases, m).toEqual(plain[m]!.phases);
      expect(checked[m]!.time_ps, m).toBe(plain[m]!.time_ps);
      expect(checked[m]!.energy_pj, m).toBe(plain[m]!.energy_pj);
      expect(checked[m]!.components, m).toEqual(plain[m]!.components);
      // Without values: no table and no metric.
      expect(
        plain[m]!.workload_summary?.tables.some((t) => t.id === 'deconv_values'),
        m,
      ).toBe(false);
      expect(metric(plain[m]!, 'value_max_error'), m).toBeUndefined();
    }
  });

  it('with the shipped ISAAC ADC every mapping computes every checked output exactly, on the same checked shapes', () => {
    for (const m of DECONV_MAPPINGS) {
      const rows = valueRows(checked[m]!);
      expect(
        rows.map((r) => r['layer']),
        m,
      ).toEqual(['s1', 's2', 's2odd', 's4']);
      for (const r of rows) {
        expect(r['mapping']).toBe(m);
        expect(r['outputs'] as number).toBeGreaterThan(0);
        expect(r['exact %'], `${m} ${r['layer']}`).toBe(100);
        expect(r['max |error|']).toBe(0);
      }
      expect(metric(checked[m]!, 'value_max_error'), m).toBe(0);
      expect(rows.map((r) => r['checked'])).toEqual(valueRows(checked.red!).map((r) => r['checked']));
    }
  });

  it('with a 5-bit ADC the column sums clip: every mapping errs, and never by more than the clipping bound', () => {
    for (const m of DECONV_MAPPINGS) {
      const low = runSimulation({
        architecture: ARCH[m],
        workload: VALUES,
        overrides: new Map([...SMALL_CHIP, ['adc_bits', '5']]),
      });
      const rows = valueRows(low);
      expect(metric(low, 'value_max_error'), m).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r['within bound'], `${m} ${r['layer']}`).toBe('yes');
        expect(r['max |error|'] as number).toBeLessThanOrEqual(r['bound'] as number);
      }
      expect(Math.min(...rows.map((r) => r['exact %'] as number)), m).toBeLessThan(100);
      // The ADC changes values, not timing: the 5-bit ADC's phases are those of a 5-bit run without values.
      const lowPlain = runSimulation({
        architecture: ARCH[m],
        workload: SMALL,
        overrides: new Map([...SMALL_CHIP, ['adc_bits', '5']]),
      });
      expect(low.phases, m).toEqual(lowPlain.phases);
    }
  });
});
