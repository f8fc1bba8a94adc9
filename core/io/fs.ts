// Node-named functions over the installed FileSystem, so files that read or write through them stay as they were
// written against `node:fs` while importing nothing Node-only.
import { fileSystem, type FileStat } from './file-system.js';

export type { FileStat };

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** The file as bytes, or as text when `encoding` is given. */
export function readFileSync(path: string): Uint8Array;
export function readFileSync(path: string, encoding: 'utf8' | 'utf-8'): string;
export function readFileSync(path: string, encoding?: 'utf8' | 'utf-8'): Uint8Array | string {
  const bytes = fileSystem().readFile(path);
  return encoding ? utf8.decode(bytes) : bytes;
}

/** Creates or replaces a file. */
export function writeFileSync(path: string, data: string | Uint8Array): void {
  fileSystem().writeFile(path, data);
}

/** The file's facts; undefined instead of ENOENT when `throwIfNoEntry` is false. */
export function statSync(path: string): FileStat;
export function statSync(path: string, options?: { throwIfNoEntry?: boolean }): FileStat | undefined;
export function statSync(path: string, options?: { throwIfNoEntry?: boolean }): FileStat | undefined {
  try {
    return fileSystem().stat(path);
  } catch (e) {
    if (options?.throwIfNoEntry === false && (e as { code?: string }).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Opens a file; see FileSystem.open. */
export function openSync(path: string, flags: 'r' | 'w'): number {
  return fileSystem().open(path, flags);
}

/** Reads from a descriptor; see FileSystem.read. */
export function readSync(fd: number, buf: Uint8Array, offset: number, length: number, position: number | null): number {
  return fileSystem().read(fd, buf, offset, length, position);
}

/** Writes bytes (or text as UTF-8) to a descriptor; returns bytes written. */
export function writeSync(fd: number, data: Uint8Array | string, offset?: number, length?: number): number {
  const buf = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return fileSystem().write(fd, buf, offset, length);
}

/** Facts of an open file. */
export function fstatSync(fd: number): FileStat {
  return fileSystem().fstat(fd);
}

/** Closes a descriptor. */
export function closeSync(fd: number): void {
  fileSystem().close(fd);
}

/** Removes a file (or a folder with `recursive`). */
export function rmSync(path: string, options?: { force?: boolean; recursive?: boolean }): void {
  fileSystem().rm(path, options);
}

/** Renames a file. */
export function renameSync(from: string, to: string): void {
  fileSystem().rename(from, to);
}

/** Creates a folder. */
export function mkdirSync(path: string, options?: { recursive?: boolean }): void {
  fileSystem().mkdir(path, options);
}

/** The path with links resolved. */
export function realpathSync(path: string): string {
  return fileSystem().realpath(path);
}

/** Creates a fresh temporary folder named from `prefix`. */
export function mkdtempSync(prefix: string): string {
  return fileSystem().mkdtemp(prefix);
}

/** Folder for temporary files. */
export function tmpdir(): string {
  return fileSystem().tmpdir();
}

/** Folder relative paths are taken from. */
export function cwd(): string {
  return fileSystem().cwd();
}

/** Identifies this process in temporary file names. */
export function processId(): number {
  return fileSystem().processId;
}

/** Bytes of `text` in UTF-8 (Buffer.byteLength without Buffer). */
export function utf8Bytes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}
