import { HelenError } from '../../core/index.js';

/** A node of a 2D mesh, as the routing sees it. */
export interface MeshNode {
  /** Cycle each output port (0 E, 1 W, 2 N, 3 S, 4 ejection) is free again. */
  readonly linkFreeAtCycle: number[];
}

/** One link of a route: leave node `from` through output `port` (0 E, 1 W, 2 N, 3 S). */
export interface MeshHop {
  from: number;
  port: number;
}

/** Links of the dimension-ordered route from node `from` to node `to`, first leg `first`. */
function legs(from: number, to: number, columns: number, first: 'x' | 'y'): MeshHop[] {
  let x = from % columns;
  let y = Math.floor(from / columns);
  const tx = to % columns;
  const ty = Math.floor(to / columns);
  const hops: MeshHop[] = [];
  const moveX = () => {
    while (x !== tx) {
      hops.push({ from: y * columns + x, port: tx > x ? 0 : 1 });
      x += tx > x ? 1 : -1;
    }
  };
  const moveY = () => {
    while (y !== ty) {
      hops.push({ from: y * columns + x, port: ty > y ? 2 : 3 });
      y += ty > y ? 1 : -1;
    }
  };
  if (first === 'x') {
    moveX();
    moveY();
  } else {
    moveY();
    moveX();
  }
  return hops;
}

/**
 * XY (dimension-ordered) route between nodes of a mesh of `nodes` routers laid
 * out `columns` per row; its length is the Manhattan distance. When the last row
 * is partial and the X leg would pass a missing node, the route goes Y first.
 */
export function meshRoute(from: number, to: number, columns: number, nodes: number): MeshHop[] {
  if (columns < 1) throw new HelenError('E_PARAM', 'a mesh needs at least one column');
  const xy = legs(from, to, columns, 'x');
  if (xy.every((h) => h.from < nodes)) return xy;
  return legs(from, to, columns, 'y');
}
