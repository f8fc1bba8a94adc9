import { describe, expect, it } from 'vitest';
import { validateFiles } from '../../../api/validate.js';

describe('elaboration problems', () => {
  it('a mistake in a replicated body is reported once, not once per replica', () => {
    const [r] = validateFiles(['test/fixtures/bad/replicated-mistake.yaml']);
    expect(r!.ok).toBe(false);
    expect(r!.problems).toHaveLength(1);
    expect(r!.problems[0]!.format()).toBe(
      'test/fixtures/bad/replicated-mistake.yaml:7:16: components.pe[0..199].params.leakage: parameter "leakage": expected a power (e.g. "10mW"), got an energy (pJ) [E_UNIT]',
    );
  });
});
