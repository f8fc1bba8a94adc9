import { utf8Bytes } from './fs.js';
/** Longest name most file systems take, in bytes. */
const MAX_NAME_BYTES = 255;

/**
 * Why `name` cannot name a file or folder inside an output folder, or
 * undefined when it can. A name read from an input (a sweep's `name`) is a
 * file name, never a path: it may not climb out of the folder it is written
 * in (`../elsewhere`), reach an absolute path, or be empty.
 */
export function fileNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'it is empty';
  if (name.includes('\0')) return 'it holds a NUL character';
  if (/[/\\]/.test(name)) return 'it holds a path separator (/ or \\)';
  if (name === '.' || name === '..') return `"${name}" names a folder, not a file`;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it holds a control character';
  if (utf8Bytes(name) > MAX_NAME_BYTES) return `it is longer than ${MAX_NAME_BYTES} bytes`;
  return undefined;
}
