import {
  HelenError,
  componentsOfType,
  fillSlot,
  slotOne,
  type Component,
  type Elaboration,
} from '../../../core/index.js';
import type { Controller } from '../controller.js';
import { reramDeconvController, type DeconvController } from '../deconv/controller.js';
import { reramIma, type Ima } from '../ima.js';
import { reramTile, tileSlots } from '../tile.js';

/**
 * A mesh router as the layer driver uses it. Families share no classes, so
 * the interconnect router's typed accessors are matched by name (as the power
 * roll-up matches `peakPowerMw`).
 */
export interface MeshRouter extends Component {
  /** Columns of its mesh (0: not in a mesh). */
  readonly meshColumns: number;
  /** Its node number in the mesh, what a `transfer`'s `to` names. */
  readonly meshIndex: number;
  /** Every router of its mesh: a transfer charges the routers on its path. */
  readonly meshNodes: readonly Component[];
}

/** The registered type of the routers the layer driver sends outputs over. */
const ROUTER_TYPE = 'interconnect.router';

function isMeshRouter(c: Component): c is MeshRouter {
  const r = c as Partial<MeshRouter>;
  return typeof r.meshColumns === 'number' && Array.isArray(r.meshNodes);
}

/** One tile and the hardware its slots hold. */
export interface ReramTileHardware {
  tile: Component;
  /** Its controller (undefined: none). */
  controller: Controller | undefined;
  imas: Ima[];
}

/** The tiles of `model`, each with its controller and IMAs, in tree order. */
export function reramTiles(model: Elaboration): ReramTileHardware[] {
  return componentsOfType(model.sim.components, reramTile).map((tile) => ({
    tile,
    controller: slotOne(tile, tileSlots.controller),
    imas: fillSlot(tile, tileSlots.imas),
  }));
}

/** Whether `model` has a ReRAM tile holding IMAs. */
export function hasReramTiles(model: Elaboration): boolean {
  return reramTiles(model).some((t) => t.imas.length > 0);
}

/** The deconvolution controllers of `model`. */
export function deconvControllers(model: Elaboration): DeconvController[] {
  return componentsOfType(model.sim.components, reramDeconvController);
}

/** A tile that streams layers: its controller and IMAs. */
export interface StreamingTile {
  tile: Component;
  controller: Controller;
  imas: Ima[];
}

/** The hardware a layer driver runs on: tiles with controllers, their IMAs in tile order, and the mesh routers. */
export interface ReramChip {
  /** Every tile with a controller, in tree order (with or without IMAs: outputs may be delivered to any). */
  tiles: StreamingTile[];
  /** Every IMA, tile by tile: the order layers are mapped in (empty: the chip has none). */
  imas: Ima[];
  /** Routers of the 2D mesh between tiles (empty: tiles exchange data through their buffers only). */
  routers: MeshRouter[];
}

/**
 * The tiles, IMAs and mesh routers of `model`. An IMA outside a tile, or a
 * tile holding IMAs without a controller to stream layers through them, is
 * an error located at `file`.
 */
export function reramChip(model: Elaboration, file: string): ReramChip {
  const tiles: StreamingTile[] = [];
  for (const t of reramTiles(model)) {
    if (t.controller) tiles.push({ tile: t.tile, controller: t.controller, imas: t.imas });
    else if (t.imas.length)
      throw new HelenError(
        'E_WORKLOAD',
        `${t.tile.path} holds IMAs but no reram.controller child to stream layers through them`,
        { file },
      );
  }
  const imas = tiles.flatMap((t) => t.imas);
  const inTiles = new Set<Component>(imas);
  const stray = componentsOfType(model.sim.components, reramIma).find((ima) => !inTiles.has(ima));
  if (stray)
    throw new HelenError(
      'E_WORKLOAD',
      `${stray.path} is not in a reram.tile: layers reach IMAs through their tile's controller`,
      { file },
    );
  const routers = componentsOfType<Component>(model.sim.components, ROUTER_TYPE)
    .filter(isMeshRouter)
    .filter((r) => r.meshColumns > 0);
  return { tiles, imas, routers };
}
