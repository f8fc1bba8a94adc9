import { HelenError } from '../errors.js';

/** What Helen needs to know of a file or folder. */
export interface FileStat {
  /** Size in bytes. */
  size: number;
  isFile(): boolean;
  isDirectory(): boolean;
  /** Special files (Node's fs tells them apart; an in-memory file system has none). */
  isFIFO?(): boolean;
  isCharacterDevice?(): boolean;
  isBlockDevice?(): boolean;
  isSocket?(): boolean;
}

/**
 * The synchronous file access Helen's core, families and readers use. Core code
 * never imports `node:fs`: the Node implementation lives in `api/`, an
 * in-memory one (`core/io/memory-file-system.ts`) serves the browser and tests.
 * Failures throw errors shaped like Node's (`code` such as ENOENT, `path`).
 */
export interface FileSystem {
  /** Whole file as bytes. */
  readFile(path: string): Uint8Array;
  /** Creates or replaces a file. */
  writeFile(path: string, data: string | Uint8Array): void;
  stat(path: string): FileStat;
  /** Opens for reading (`r`, position 0) or writing (`w`, truncated); returns a descriptor. */
  open(path: string, flags: 'r' | 'w'): number;
  /** Reads into `buf[offset..offset+length)` from `position`, or from the descriptor's position when null. */
  read(fd: number, buf: Uint8Array, offset: number, length: number, position: number | null): number;
  /** Appends `buf[offset..offset+length)` at the descriptor's position; returns bytes written. */
  write(fd: number, buf: Uint8Array, offset?: number, length?: number): number;
  fstat(fd: number): FileStat;
  close(fd: number): void;
  rm(path: string, options?: { force?: boolean; recursive?: boolean }): void;
  rename(from: string, to: string): void;
  mkdir(path: string, options?: { recursive?: boolean }): void;
  /** The path with links resolved (throws ENOENT when missing). */
  realpath(path: string): string;
  /** Throws unless `path` may be written. */
  checkWritable(path: string): void;
  /** Creates a fresh folder whose path starts with `prefix` (a folder and a name start); returns its path. */
  mkdtemp(prefix: string): string;
  /** Folder for temporary files. */
  tmpdir(): string;
  /** Folder relative paths are taken from. */
  cwd(): string;
  /** Identifies this process in temporary file names. */
  readonly processId: number;
}

let installed: FileSystem | undefined;

/** Makes `fs` the file system every core, family and reader file access goes through; returns the previous one. */
export function useFileSystem(fs: FileSystem): FileSystem | undefined {
  const previous = installed;
  installed = fs;
  return previous;
}

/** The installed file system. */
export function fileSystem(): FileSystem {
  if (!installed)
    throw new HelenError(
      'E_NO_FILE_SYSTEM',
      'no file system installed: import Helen through its api (which installs Node’s) or call useFileSystem()',
    );
  return installed;
}
