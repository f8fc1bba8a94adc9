import { cwd, realpathSync, statSync } from './fs.js';
import { dirname, isAbsolute, relative, resolve, sep } from './path.js';
import { HelenError, type SourceLocation } from '../errors.js';

/**
 * The folders that files named inside an input (an `include`, a `weights_file`)
 * may be read from: the top file's folder tree, plus the folders the user
 * allowed explicitly (`--allow-dir`, `Session.allowDir`). Nothing else is read,
 * so a hostile or mistaken name cannot make Helen read, and echo in its
 * messages, a file elsewhere on the machine.
 */
export interface Confinement {
  /** Real paths (symbolic links followed) of the allowed folders; the first is the top file's folder. */
  readonly roots: readonly string[];
  /** The same folders as written, for the check of names that do not exist (yet) and for messages. */
  readonly given: readonly string[];
}

/** The confinement of an input whose top file is `topFile`, widened by `allowDirs` (absolute or relative to the working directory). */
export function confinementFor(topFile: string, allowDirs: readonly string[] = []): Confinement {
  const given = [dirname(resolve(topFile)), ...allowDirs.map(allowedDir)];
  return { roots: given.map(realOrSelf), given };
}

/** The absolute path of a folder the user allows (`--allow-dir`); an error when it is not a folder. */
export function allowedDir(dir: string): string {
  const abs = resolve(dir);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new HelenError('E_USAGE', `--allow-dir "${dir}": no such folder (looked for ${shownPath(abs)})`);
  return abs;
}

/** Whether `path` is `folder` or lies below it (both absolute). */
export function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel));
}

/** How a confined name is blamed when it is refused. */
export interface ConfinedName {
  /** What names the file, as the user wrote it: `include`, `weights_file`. */
  what: string;
  /** Error code for a name that leaves the allowed folders. */
  outsideCode: string;
  /** Where the name is written. */
  at: SourceLocation | undefined;
}

/**
 * Resolves `name` (relative to `fromDir`) to the real path of an existing file
 * inside the confinement, or throws a HelenError located at the name. Real
 * paths are compared, not path text, so a symbolic link inside the tree that
 * points outside it is refused, while one that points inside it works. The
 * message names paths only, never anything read from the file.
 */
export function resolveConfinedPath(
  name: string,
  fromDir: string,
  confinement: Confinement,
  blame: ConfinedName,
): string {
  const target = resolve(fromDir, name);
  const outside = (via?: string): HelenError => {
    const extra = confinement.given.slice(1).map(shownPath);
    const allowed = `the architecture's folder (${shownPath(confinement.given[0]!)})${extra.length ? ` or an allowed folder (${extra.join(', ')})` : ''}`;
    return new HelenError(
      blame.outsideCode,
      `${blame.what} "${name}" leaves ${allowed}${via ? ` through a symbolic link to ${shownPath(via)}` : ''}; keep the file beside or below the root file, or allow its folder with --allow-dir`,
      blame.at,
    );
  };
  const allowedText = [...confinement.given, ...confinement.roots];
  if (!allowedText.some((root) => isInside(target, root))) throw outside();
  let real: string;
  try {
    real = realpathSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : `cannot be read (${code ?? String(e)})`;
    throw new HelenError('E_FILE', `${blame.what} "${name}": ${why} (looked for ${shownPath(target)})`, blame.at);
  }
  if (!confinement.roots.some((root) => isInside(real, root))) throw outside(real);
  let isFile = false;
  try {
    isFile = statSync(real).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile)
    throw new HelenError('E_FILE', `${blame.what} "${name}": not a regular file (${shownPath(target)})`, blame.at);
  return real;
}

/** A path as messages show it: relative to the working directory when below it, else absolute. */
export function shownPath(abs: string): string {
  const rel = relative(cwd(), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

/** `path` with symbolic links followed, or as given when it does not exist. */
export function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
