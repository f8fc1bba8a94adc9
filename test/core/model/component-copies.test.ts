import { describe, expect, it } from 'vitest';
import { Component, Simulator } from '../../../core/index.js';

// A plug-in may resolve its own copy of Helen (its own node_modules/helen): its components are built by another
// copy's Component class, yet must nest under the host's components. The built copy in dist/ is such a second copy.
describe('components built by another copy of Helen', () => {
  it("nest under this copy's components (and this copy's under theirs), with paths, clocks and registration intact", async () => {
    const other = (await import('../../../dist/core/model/component.js')) as unknown as {
      Component: typeof Component;
      isComponent(x: unknown): boolean;
    };
    expect(other.Component).not.toBe(Component);
    const sim = new Simulator({ seed: 1 });
    const chip = new Component(sim, 'chip');
    const macro = new other.Component(chip, 'macro');
    const inner = new Component(macro, 'inner');
    expect(macro.path).toBe('chip.macro');
    expect(inner.path).toBe('chip.macro.inner');
    expect(chip.children).toEqual([macro]);
    expect(sim.component('chip.macro.inner')).toBe(inner);
    expect(other.isComponent(chip)).toBe(true);
  });
});
