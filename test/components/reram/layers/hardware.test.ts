import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../support/helen-error.js';
import { runSimulation } from '../../../../api/run.js';
import { elaborate, loadArchitecture, type ArchitectureSpec, type ComponentSpec } from '../../../../core/index.js';
import { reramChip, reramTiles } from '../../../../components/reram/layers/hardware.js';
import { defaultRegistry } from '../../../support/session.js';

function build(file: string, overrides = new Map<string, string>()) {
  const registry = defaultRegistry();
  return elaborate(loadArchitecture(file, { registry }), { registry, overrides });
}

const formatted = (f: () => unknown): string => errorOf(f).format();

/** `spec` with the children of the body at `path` (names from the root) changed by `change`. */
function withChildren(
  spec: ArchitectureSpec,
  path: string[],
  change: (children: readonly ComponentSpec[]) => ComponentSpec[],
): ArchitectureSpec {
  const edit = (bodies: readonly ComponentSpec[], depth: number): ComponentSpec[] =>
    bodies.map((b) =>
      b.name !== path[depth]
        ? b
        : depth === path.length - 1
          ? { ...b, children: change(b.children) }
          : { ...b, children: edit(b.children, depth + 1) },
    );
  return { ...spec, components: edit(spec.components, 0) };
}

describe('the ReRAM drivers find their hardware through declared slots', () => {
  it('each tile of isaac-small gives its controller and its 12 IMAs; the mesh routers come with it', () => {
    const model = build('architectures/isaac-small.yaml');
    const tiles = reramTiles(model);
    expect(tiles.map((t) => t.controller?.path)).toEqual([0, 1, 2, 3].map((i) => `chip.tile[${i}].ctrl`));
    expect(tiles.every((t) => t.imas.length === 12 && t.imas.every((ima) => ima.parent === t.tile))).toBe(true);
    const chip = reramChip(model, 'x.yaml');
    expect(chip.imas.map((i) => i.path)).toEqual(tiles.flatMap((t) => t.imas.map((i) => i.path)));
    expect(chip.routers.map((r) => [r.path, r.meshIndex])).toEqual([['chip.router[0]', 0]]);
  });

  it('a tile with two controllers is refused by the elaborator, located at the tile', () => {
    const registry = defaultRegistry();
    const spec = loadArchitecture('architectures/isaac-small.yaml', { registry });
    const twice = withChildren(spec, ['chip', 'tile'], (cs) => [
      ...cs,
      { ...cs.find((c) => c.name === 'ctrl')!, name: 'ctrl2' },
    ]);
    expect(formatted(() => elaborate(twice, { registry }))).toMatch(
      /isaac\.yaml:\d+:\d+: components\.chip\.children\.tile: chip\.tile\[0\] \(reram\.tile\): slot "controller" needs 0 to 1 reram\.controller among its children, found 2 \(.*\) \[E_SLOT\]/,
    );
  });

  it('a tile holding IMAs without a controller builds (verify cuts tiles down), but the layer driver names it', () => {
    expect(
      reramTiles(build('test/components/reram/fixtures/tile-without-controller.yaml'))[0]!.controller,
    ).toBeUndefined();
    expect(
      formatted(() =>
        runSimulation({
          architecture: 'test/components/reram/fixtures/tile-without-controller.yaml',
          workload: 'test/components/reram/fixtures/one-conv.yaml',
        }),
      ),
    ).toMatch(
      /one-conv\.yaml: tile holds IMAs but no reram\.controller child to stream layers through them \[E_WORKLOAD\]/,
    );
  });

  it('an IMA without its ADC bank is refused by the elaborator, located at the IMA', () => {
    const registry = defaultRegistry();
    const spec = loadArchitecture('test/components/reram/fixtures/tiny-ima.yaml', { registry });
    const cut = withChildren(spec, ['ima'], (cs) => cs.filter((c) => c.name !== 'adc'));
    expect(formatted(() => elaborate(cut, { registry }))).toMatch(
      /tiny-ima\.yaml:5:3: components\.ima: ima \(reram\.ima\): slot "adc" needs exactly 1 reram\.adc among its children, found 0 \(.*\) \[E_SLOT\]/,
    );
  });
});
