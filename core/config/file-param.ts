import { cwd } from '../io/fs.js';
import { dirname, resolve } from '../io/path.js';
import type { SourceLocation } from '../errors.js';
import { confinementFor, realOrSelf, resolveConfinedPath, type Confinement } from '../io/confined-path.js';
import type { ArchitectureSpec } from './spec.js';

/**
 * The real path of the file a `param.file` parameter names, or "" for none.
 * The name is relative to the file it is written in (to the working directory
 * when it comes from `--set`), and must lead, links followed, into the
 * architecture's folder tree or a folder allowed with `--allow-dir`; anything
 * else is a HelenError located at the value.
 */
export function resolveFileParam(name: string, loc: SourceLocation, key: string, spec: ArchitectureSpec): string {
  if (name === '') return '';
  const written = loc.file !== undefined && loc.file !== '--set' ? loc.file : undefined;
  const fromDir = written ? dirname(realOrSelf(resolve(written))) : cwd();
  const confinement: Confinement = spec.confinement ?? confinementFor(spec.file);
  return resolveConfinedPath(name, fromDir, confinement, { what: key, outsideCode: 'E_FILE_OUTSIDE', at: loc });
}
