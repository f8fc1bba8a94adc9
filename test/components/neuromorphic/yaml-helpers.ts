import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  ComponentRegistry,
  HelenError,
  HelenErrors,
  Session,
  elaborate,
  loadArchitecture,
  type Component,
  type Elaboration,
} from '../../../core/index.js';
import { genericPlugin } from '../../../components/generic/index.js';
import { neuromorphicPlugin } from '../../../components/neuromorphic/index.js';

/** A fresh temporary folder. */
export function tempDir(prefix = 'helen-snn-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `content` to dir/rel (creating folders) and returns the absolute path. */
export function writeIn(dir: string, rel: string, content: string | Uint8Array): string {
  const abs = join(dir, rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
  return abs;
}

function registry(): ComponentRegistry {
  const r = new Session().use(genericPlugin).use(neuromorphicPlugin).registry;
  return r;
}

/** Loads and elaborates an architecture file with the generic and neuromorphic families. */
export function build(file: string, seed = 1, overrides?: ReadonlyMap<string, string>): Elaboration {
  const reg = registry();
  return elaborate(loadArchitecture(file, { registry: reg }), { registry: reg, seed, overrides });
}

/** The problems elaboration reports (fails the test if it succeeds). */
export function problems(file: string, overrides?: ReadonlyMap<string, string>): HelenError[] {
  try {
    build(file, 1, overrides);
  } catch (e) {
    if (e instanceof HelenErrors) return e.problems;
    if (e instanceof HelenError) return [e];
    throw e;
  }
  throw new Error('expected elaboration to fail');
}

/** The component at `path` in a built model. */
export function find<T extends Component>(model: Elaboration, path: string): T {
  const c = (model.sim.components as Component[]).find((x) => x.path === path);
  if (!c) throw new Error(`no component ${path}`);
  return c as T;
}
