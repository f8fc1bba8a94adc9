import type { FileStat, FileSystem } from './file-system.js';
import { dirname, normalize } from './path.js';

interface OpenFile {
  path: string;
  position: number;
  writable: boolean;
}

/** A Node-shaped error (`code`, `path`), as callers test `e.code === 'ENOENT'`. */
function fsError(code: string, what: string, syscall: string, path: string): Error {
  return Object.assign(new Error(`${code}: ${what}, ${syscall} '${path}'`), { code, syscall, path });
}

/**
 * A file system held in memory: the browser playground's, and tests'. Folders
 * exist implicitly above every file and explicitly once made; paths are
 * normalised against `workingDir`.
 */
export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, Uint8Array>();
  private readonly dirs = new Set<string>(['/']);
  private readonly open_ = new Map<number, OpenFile>();
  private nextFd = 3;
  private nextTemp = 0;
  readonly processId = 1;

  constructor(private readonly workingDir = '/') {
    this.dirs.add(normalize(workingDir));
  }

  private abs(path: string): string {
    return normalize(path.startsWith('/') ? path : `${this.workingDir}/${path}`);
  }

  /** Every file's path, sorted. */
  list(): string[] {
    return [...this.files.keys()].sort();
  }

  readFile(path: string): Uint8Array {
    const data = this.files.get(this.abs(path));
    if (!data) throw this.missing(path, 'open');
    return data;
  }

  /** The file as UTF-8 text. */
  readText(path: string): string {
    return new TextDecoder().decode(this.readFile(path));
  }

  writeFile(path: string, data: string | Uint8Array): void {
    const abs = this.abs(path);
    this.files.set(abs, typeof data === 'string' ? new TextEncoder().encode(data) : data.slice());
    for (let d = dirname(abs); !this.dirs.has(d); d = dirname(d)) this.dirs.add(d);
  }

  stat(path: string): FileStat {
    const abs = this.abs(path);
    const data = this.files.get(abs);
    if (data) return { size: data.length, isFile: () => true, isDirectory: () => false };
    if (this.dirs.has(abs)) return { size: 0, isFile: () => false, isDirectory: () => true };
    throw this.missing(path, 'stat');
  }

  open(path: string, flags: 'r' | 'w'): number {
    const abs = this.abs(path);
    if (flags === 'w') this.writeFile(abs, new Uint8Array(0));
    else if (!this.files.has(abs)) throw this.missing(path, 'open');
    const fd = this.nextFd++;
    this.open_.set(fd, { path: abs, position: 0, writable: flags === 'w' });
    return fd;
  }

  private file(fd: number): OpenFile {
    const f = this.open_.get(fd);
    if (!f) throw fsError('EBADF', 'bad file descriptor', 'read', String(fd));
    return f;
  }

  read(fd: number, buf: Uint8Array, offset: number, length: number, position: number | null): number {
    const f = this.file(fd);
    const data = this.readFile(f.path);
    const from = position ?? f.position;
    const n = Math.max(0, Math.min(length, data.length - from));
    buf.set(data.subarray(from, from + n), offset);
    if (position === null) f.position += n;
    return n;
  }

  write(fd: number, buf: Uint8Array, offset = 0, length = buf.length - offset): number {
    const f = this.file(fd);
    if (!f.writable) throw fsError('EBADF', 'bad file descriptor', 'write', f.path);
    const old = this.readFile(f.path);
    const grown = new Uint8Array(Math.max(old.length, f.position + length));
    grown.set(old);
    grown.set(buf.subarray(offset, offset + length), f.position);
    this.files.set(f.path, grown);
    f.position += length;
    return length;
  }

  fstat(fd: number): FileStat {
    return this.stat(this.file(fd).path);
  }

  close(fd: number): void {
    this.file(fd);
    this.open_.delete(fd);
  }

  rm(path: string, options: { force?: boolean; recursive?: boolean } = {}): void {
    const abs = this.abs(path);
    if (this.files.delete(abs)) return;
    if (this.dirs.has(abs) && options.recursive) {
      for (const f of [...this.files.keys()]) if (f.startsWith(`${abs}/`)) this.files.delete(f);
      for (const d of [...this.dirs]) if (d === abs || d.startsWith(`${abs}/`)) this.dirs.delete(d);
      return;
    }
    if (!options.force) throw this.missing(path, 'rm');
  }

  rename(from: string, to: string): void {
    const data = this.readFile(from);
    this.files.delete(this.abs(from));
    this.writeFile(to, data);
  }

  mkdir(path: string, options: { recursive?: boolean } = {}): void {
    const abs = this.abs(path);
    if (this.dirs.has(abs) && !options.recursive) throw fsError('EEXIST', 'file already exists', 'mkdir', path);
    if (!options.recursive && !this.dirs.has(dirname(abs))) throw this.missing(path, 'mkdir');
    for (let d = abs; !this.dirs.has(d); d = dirname(d)) this.dirs.add(d);
  }

  realpath(path: string): string {
    const abs = this.abs(path);
    if (!this.files.has(abs) && !this.dirs.has(abs)) throw this.missing(path, 'realpath');
    return abs;
  }

  checkWritable(path: string): void {
    this.stat(path);
  }

  mkdtemp(prefix: string): string {
    const dir = this.abs(`${prefix}${(this.nextTemp++).toString(36).padStart(6, '0')}`);
    this.mkdir(dir, { recursive: true });
    return dir;
  }

  tmpdir(): string {
    return '/tmp';
  }

  cwd(): string {
    return normalize(this.workingDir);
  }

  private missing(path: string, syscall: string): Error {
    return fsError('ENOENT', 'no such file or directory', syscall, path);
  }
}
