import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { levelMatches, parseAccelergyName, type NameSegment } from '../../../core/index.js';

/** The one level `text` names (fails the test when it is not one). */
function level(text: string): NameSegment {
  const parsed = parseAccelergyName(text);
  if (typeof parsed === 'string' || parsed.length !== 1) throw new Error(`not one level: ${text}`);
  return parsed[0]!;
}

describe('Accelergy names', () => {
  it.each([
    [
      'system.chip.PE[0..15].mac',
      [{ name: 'system' }, { name: 'chip' }, { name: 'PE', range: { first: 0, last: 15 } }, { name: 'mac' }],
    ],
    ['system_top_level.mac[1..256]', [{ name: 'system_top_level' }, { name: 'mac', range: { first: 1, last: 256 } }]],
    ['design.scratchpad[2]', [{ name: 'design' }, { name: 'scratchpad', range: { first: 2, last: 2 } }]],
    ['inter-PE_noc', [{ name: 'inter-PE_noc' }]],
  ])('%s splits into its levels', (text, levels) => {
    expect(parseAccelergyName(text)).toEqual(levels);
  });

  it.each([
    ['system..mac', /"" is not a component level/],
    ['PE[3..1]', /range ends before it starts/],
    ['PE[a..b]', /"PE\[a\.\.b\]" is not a component level/],
    ['PE[0..3', /not a component level/],
    ['9lives', /not a component level/],
  ])('%s is refused with a reason', (text, reason) => {
    const r = parseAccelergyName(text);
    expect(typeof r).toBe('string');
    expect(r).toMatch(reason);
  });

  it.each([
    // [Accelergy level, Helen level, first index, matches]
    ['PE[0..15]', 'PE[15]', 0, true],
    ['PE[0..15]', 'PE[16]', 0, false],
    ['mac[1..256]', 'mac[0]', 1, true],
    ['mac[1..256]', 'mac[255]', 1, true],
    ['mac[1..256]', 'mac[256]', 1, false],
    ['DRAM[1..1]', 'DRAM', 1, true],
    ['PE[0..3]', 'PE', 0, false],
    ['PE', 'PE[7]', 0, true],
    ['PE', 'pe[7]', 0, false],
  ] as const)('%s names %s (first index %d): %s', (accelergy, helen, first, expected) => {
    expect(levelMatches(level(accelergy), helen, first)).toBe(expected);
  });

  it('property: a range [a..b] selects exactly the Helen instances a − first .. b − first that exist (first = 0 or 1)', () => {
    fc.assert(
      fc.property(fc.nat(20), fc.nat(20), fc.constantFrom(0, 1), (a, span, first) => {
        const b = a + span;
        const segment = level(`pe[${a}..${b}]`);
        const n = b + 5;
        const selected = Array.from({ length: n }, (_, i) => i).filter((i) => levelMatches(segment, `pe[${i}]`, first));
        expect(selected).toEqual(Array.from({ length: span + 1 }, (_, k) => a + k - first).filter((i) => i >= 0));
      }),
      { numRuns: 100 },
    );
  });
});
