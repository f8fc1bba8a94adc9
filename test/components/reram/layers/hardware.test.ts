import { describe, expect, it } from 'vitest';
import { elaborate, loadArchitecture } from '../../../../core/index.js';
import { reramChip, reramTiles } from '../../../../components/reram/layers/hardware.js';
import { defaultRegistry } from '../../../support/session.js';

function build(file: string, overrides = new Map<string, string>()) {
  const registry = defaultRegistry();
  return elaborate(loadArchitecture(file, { registry }), { registry, overrides });
}

function formatted(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as { format(): string }).format();
  }
  throw new Error('expected an error');
}

describe('the ReRAM drivers find their hardware through declared slots', () => {
  it('each tile of isaac-small gives its controller and its 12 IMAs; the mesh routers come with it', () => {
    const model = build('architectures/isaac-small.yaml');
    const tiles = reramTiles(model);
    expect(tiles.map((t) => t.controller.path)).toEqual([0, 1, 2, 3].map((i) => `chip.tile[${i}].ctrl`));
    expect(tiles.every((t) => t.imas.length === 12 && t.imas.every((ima) => ima.parent === t.tile))).toBe(true);
    const chip = reramChip(model, 'x.yaml');
    expect(chip.imas.map((i) => i.path)).toEqual(tiles.flatMap((t) => t.imas.map((i) => i.path)));
    expect(chip.routers.map((r) => [r.path, r.meshIndex])).toEqual([['chip.router[0]', 0]]);
  });

  it('a tile without a controller is refused by the elaborator, located at the tile', () => {
    expect(formatted(() => build('test/components/reram/fixtures/tile-without-controller.yaml'))).toMatch(
      /tile-without-controller\.yaml:5:3: components\.tile: tile \(reram\.tile\): slot "controller" needs exactly 1 reram\.controller child below it, found 0 \(.*\) \[E_SLOT\]/,
    );
  });

  it('an IMA without its ADC bank is refused by the elaborator, located at the IMA', () => {
    const registry = defaultRegistry();
    const spec = loadArchitecture('test/components/reram/fixtures/tiny-ima.yaml', { registry });
    const ima = spec.components[0]!;
    const cut = { ...spec, components: [{ ...ima, children: ima.children.filter((c) => c.name !== 'adc') }] };
    expect(formatted(() => elaborate(cut, { registry }))).toMatch(/tiny-ima\.yaml:5:3: components\.ima: ima \(reram\.ima\): slot "adc" needs exactly 1 reram\.adc child below it, found 0 \(.*\) \[E_SLOT\]/);
  });
});
