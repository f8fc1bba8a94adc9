import { describe, expect, it } from 'vitest';
import { Component, Simulator } from '../../../core/index.js';
import { errorOf } from '../../support/helen-error.js';

describe('sibling names', () => {
  it.each([
    { case: 'two children with one name', names: ['pe[0]', 'pe[0]'], duplicate: 'pe[0]' },
    { case: 'a repeat after many others', names: ['a', 'b', 'c', 'pe[1]', 'b'], duplicate: 'b' },
    { case: 'names differing only by index', names: ['pe[0]', 'pe[1]', 'pe[10]'], duplicate: undefined },
  ])('$case: a repeated name is E_DUPLICATE naming the parent, and only then', ({ names, duplicate }) => {
    const chip = new Component(new Simulator(), 'chip');
    const add = (): void => {
      for (const name of names) new Component(chip, name);
    };
    if (duplicate === undefined) {
      add();
      expect(chip.children.map((c) => c.name)).toEqual(names);
      return;
    }
    const e = errorOf(add);
    expect(e.code).toBe('E_DUPLICATE');
    expect(e.message).toBe(`chip already has a child named "${duplicate}"`);
  });

  it('the same name under two parents is no duplicate', () => {
    const sim = new Simulator();
    const a = new Component(sim, 'a');
    const b = new Component(sim, 'b');
    expect(new Component(a, 'x').path).toBe('a.x');
    expect(new Component(b, 'x').path).toBe('b.x');
  });

  // Pathological input: 100 000 siblings scanned one by one cost 5·10⁹ name comparisons (over a minute).
  it('100 000 siblings under one parent are checked in linear time (within 20 s), the last duplicate still caught', () => {
    const chip = new Component(new Simulator(), 'chip');
    const start = performance.now();
    for (let i = 0; i < 100_000; i++) new Component(chip, `pe[${i}]`);
    expect(errorOf(() => new Component(chip, 'pe[99999]')).code).toBe('E_DUPLICATE');
    expect(performance.now() - start).toBeLessThan(20_000);
    expect(chip.children).toHaveLength(100_000);
  }, 120_000);
});
