import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { useFileSystem, type FileSystem } from '../core/io/file-system.js';

/** Node's file system behind Helen's FileSystem interface. */
export const nodeFileSystem: FileSystem = {
  readFile: (path) => fs.readFileSync(path),
  writeFile: (path, data) => fs.writeFileSync(path, data),
  stat: (path) => fs.statSync(path),
  open: (path, flags) => fs.openSync(path, flags),
  read: (fd, buf, offset, length, position) => fs.readSync(fd, buf, offset, length, position),
  write: (fd, buf, offset, length) => fs.writeSync(fd, buf, offset, length),
  fstat: (fd) => fs.fstatSync(fd),
  close: (fd) => fs.closeSync(fd),
  rm: (path, options) => fs.rmSync(path, options),
  rename: (from, to) => fs.renameSync(from, to),
  mkdir: (path, options) => void fs.mkdirSync(path, options),
  realpath: (path) => fs.realpathSync(path),
  checkWritable: (path) => fs.accessSync(path, fs.constants.W_OK),
  mkdtemp: (prefix) => fs.mkdtempSync(prefix),
  tmpdir: () => tmpdir(),
  cwd: () => process.cwd(),
  processId: process.pid,
};

/** Installs Node's file system (every Node entry point calls this before touching files). */
export function useNodeFileSystem(): void {
  useFileSystem(nodeFileSystem);
}
