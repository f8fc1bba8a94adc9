import { closeSync, openSync, readSync } from '../io/fs.js';
import { extname } from '../io/path.js';
import { HelenError } from '../errors.js';
import type { Elaboration } from '../config/elaborate.js';
import { didYouMean } from '../config/did-you-mean.js';
import type { Session } from '../plugin/session.js';
import type { DriverType, NeutralWorkload, ReaderOptions, WorkloadReader } from './workload.js';

/** How much of a file readers see when they recognise it by content. */
const HEAD_BYTES = 65_536;

/** The first 64 KiB of `file` as text ('' when it cannot be read: the reader's own error then names the problem). */
export function fileHead(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = new Uint8Array(HEAD_BYTES);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return new TextDecoder().decode(buf.subarray(0, n));
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whether a YAML text has `key:` at top level. */
export function yamlHasTopLevelKey(head: string, key: string): boolean {
  return new RegExp(`^${key}\\s*:`, 'm').test(head);
}

/** The format a YAML workload names with a top-level `format:` key, if any. */
export function namedFormat(head: string): string | undefined {
  const m = /^format\s*:\s*["']?([A-Za-z0-9_.-]+)["']?\s*(#.*)?$/m.exec(head);
  return m?.[1];
}

function describe(readers: readonly WorkloadReader[]): string {
  return readers.map((r) => r.format).join(', ');
}

/**
 * The reader of `file`: the one `format` names (`--format`, or `format:` in a
 * YAML workload), else the one that recognises the file by its name and
 * content. Two readers claiming one file is an error naming both, never a
 * silent choice.
 */
export function chooseReader(session: Session, file: string, format?: string): WorkloadReader {
  const readers = session.readers.all();
  const head = format === undefined ? fileHead(file) : '';
  const named = format ?? (/\.ya?ml$/i.test(file) ? namedFormat(head) : undefined);
  if (named !== undefined) {
    const r = session.readers.get(named);
    if (r) return r;
    const hint = didYouMean(named, session.readers.names());
    throw new HelenError(
      'E_FORMAT',
      `unknown workload format "${named}"${hint ? `; did you mean "${hint}"?` : ''}; known formats: ${describe(readers)}`,
      format === undefined ? { file } : { file: '--format' },
    );
  }
  const ext = extname(file).toLowerCase();
  const byName = readers.filter((r) => r.extensions.includes(ext));
  const claim = byName.filter((r) => !r.recognises || r.recognises(head, file));
  if (claim.length === 1) return claim[0]!;
  if (claim.length > 1) {
    throw new HelenError(
      'E_FORMAT_AMBIGUOUS',
      `this file could be read as ${claim.map((r) => `"${r.format}" (${session.readers.owner(r.format)})`).join(' or ')}; name one with --format ${claim[0]!.format}${/\.ya?ml$/i.test(file) ? ` or a top-level "format: ${claim[0]!.format}"` : ''}`,
      { file },
    );
  }
  const tried = byName.length
    ? `; readers of ${ext} files (${describe(byName)}) did not recognise its content`
    : ext
      ? `; no reader takes ${ext} files`
      : '';
  throw new HelenError(
    'E_WORKLOAD',
    `no reader for this workload file${tried}; known formats: ${describe(readers)} (name one with --format)`,
    { file },
  );
}

/**
 * Reads `file` with its reader (as `chooseReader` picks it), passing the run's
 * reader options; an option that reader does not take is an error naming it.
 */
export function readWorkload(
  session: Session,
  file: string,
  format?: string,
  options: ReaderOptions = {},
): NeutralWorkload {
  const reader = chooseReader(session, file, format);
  const given = Object.keys(options).filter((k) => options[k]!.length > 0);
  for (const name of given) {
    if (!reader.options || !Object.hasOwn(reader.options, name)) {
      const takes = reader.options ? Object.keys(reader.options).map((o) => `--${o}`) : [];
      throw new HelenError(
        'E_OPTION',
        `not an option of the ${reader.format} reader${takes.length ? `; it takes ${takes.join(', ')}` : ', which takes none'}`,
        { file: `--${name}` },
      );
    }
  }
  return given.length ? reader.read(file, options) : reader.read(file);
}

/**
 * The driver that runs `workload` on `model`: the one that accepts its kind
 * and finds the hardware it needs. None, or two, is an error naming them.
 */
export function chooseDriver(session: Session, workload: NeutralWorkload, model: Elaboration): DriverType {
  const accepting = session.drivers.all().filter((d) => d.accepts === workload.kind);
  const fitting = accepting.filter((d) => d.fits(model));
  if (fitting.length === 1) return fitting[0]!;
  if (fitting.length > 1) {
    throw new HelenError(
      'E_DRIVER_AMBIGUOUS',
      `both ${fitting.map((d) => `"${d.name}" (${session.drivers.owner(d.name)})`).join(' and ')} could run this ${workload.kind} workload on ${model.spec.name}; a model must give exactly one of them the hardware it needs`,
      { file: workload.file },
    );
  }
  const known = accepting.length
    ? `: ${accepting.map((d) => `${d.name} (${d.description})`).join('; ')}`
    : ': no driver takes this kind';
  throw new HelenError('E_DRIVER', `nothing in ${model.spec.name} can run a ${workload.kind} workload${known}`, {
    file: workload.file,
  });
}
