import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../bench/pipeline.js';

// Reference values from shared/bench/PHOLD.md.
const REFERENCE: [number, number, number, number, number][] = [
  [10, 5, 3, 23, 2611114234],
  [7, 100, 2, 206, 1737889334],
  [1000, 2000, 1, 3000, 2552331472],
  [1000, 500, 8, 4993, 1471607306],
];

describe.each(['events', 'links'] as const)('event-driven pipeline, %s style', (style) => {
  it.each(REFERENCE)('K=%i W=%i P=%i gives %i cycles and checksum %i', (stages, tokens, period, cycles, checksum) => {
    const r = runPipeline({ stages, tokens, period, style });
    expect(r.tokens).toBe(tokens);
    expect(r.cycles).toBe(cycles);
    expect(r.checksum).toBe(checksum);
    expect(r.events).toBe(tokens * (stages + 2));
  });
});
