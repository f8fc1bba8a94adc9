import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../support/session.js';
import { elaborate, HelenError, loadArchitecture } from '../../../core/index.js';
import { isFaithful, pruneTo } from '../../../api/verify/prune.js';

const registry = defaultRegistry();
const build = (spec: ReturnType<typeof loadArchitecture>) => elaborate(spec, { registry });

describe('cutting an architecture down to one component', () => {
  const isaac = loadArchitecture('architectures/isaac-small.yaml', { registry });
  const whole = build(isaac);

  it('keeps the path, the replica index and the whole subtree of the component, and nothing beside its ancestors', () => {
    const cut = build(pruneTo(isaac, 'chip.tile[3].ima[2]')!);
    const paths = cut.sim.components.map((c) => c.path);
    expect(paths.slice(0, 3)).toEqual(['chip', 'chip.tile[3]', 'chip.tile[3].ima[2]']);
    expect(paths.filter((p) => !p.startsWith('chip.tile[3].ima[2].'))).toEqual([
      'chip',
      'chip.tile[3]',
      'chip.tile[3].ima[2]',
    ]);
    expect(paths.length).toBeLessThan(whole.sim.components.length / 10);
    expect(isFaithful(whole, cut, 'chip.tile[3].ima[2]')).toBe(true);
  });

  it('a component that cannot be built without its siblings is refused, and its parent’s cut holds it faithfully', () => {
    expect(() => build(pruneTo(isaac, 'chip.tile[0].ima[0].ir')!)).toThrow(HelenError);
    expect(isFaithful(whole, build(pruneTo(isaac, 'chip.tile[0].ima[0]')!), 'chip.tile[0].ima[0].ir')).toBe(true);
  });

  it('a component wired to others outside its subtree is not faithful to the whole architecture', () => {
    const demo = loadArchitecture('architectures/examples/demo-chip.yaml', { registry });
    expect(isFaithful(build(demo), build(pruneTo(demo, 'chip.pe[1]')!), 'chip.pe[1]')).toBe(false);
  });

  it('a path that names no body, or a replica index on an unreplicated body, has no cut', () => {
    expect(pruneTo(isaac, 'chip.nothing')).toBeUndefined();
    expect(pruneTo(isaac, 'chip[0]')).toBeUndefined();
  });
});
