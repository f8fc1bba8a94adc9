import { readFileSync, statSync } from './fs.js';
import { HelenError } from '../errors.js';

/**
 * The text of a file a user named, or one located E_FILE error: missing,
 * a folder, unreadable, or larger than `maxBytes` (`what` says what the file
 * should have been, e.g. "a SCALE-Sim configuration").
 */
export function readUserTextFile(file: string, shown: string, maxBytes: number, what: string): string {
  try {
    if (statSync(file).size > maxBytes)
      throw new HelenError('E_FILE', `file is larger than ${maxBytes} bytes; expected ${what}`, { file: shown });
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof HelenError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? 'no such file'
        : code === 'EISDIR'
          ? `is a directory, expected ${what}`
          : `cannot be read (${code ?? String(e)})`;
    throw new HelenError('E_FILE', why, { file: shown });
  }
}
