import { describe, expect, it } from 'vitest';
import { runPhold } from '../../bench/phold.js';

// Reference values from shared/bench/PHOLD.md (C++, SystemC, SimPy and JavaScript agree).
const REFERENCE: [number, number, number, number, number, number][] = [
  [1024, 16, 2000, 1, 644037, 2273228707],
  [1024, 16, 3000, 1, 969072, 3943161982],
  [64, 4, 5000, 12345, 25181, 87775636],
  [1000, 1, 4000, 4242, 78853, 1377150073],
  [1, 3, 3000, 9, 171, 261678],
];

describe('PHOLD on the kernel', () => {
  it.each(REFERENCE)(
    'N=%i M=%i T_end=%i seed=%i reproduces %i events and checksum %i',
    (lps, eventsPerLp, endCycle, seed, events, checksum) => {
      const r = runPhold({ lps, eventsPerLp, endCycle, seed });
      expect(r.events).toBe(events);
      expect(r.checksum).toBe(checksum);
    },
  );
});
