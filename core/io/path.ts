// POSIX path helpers (the subset of `node:path` Helen uses), pure so that core runs in a browser too. Relative
// paths are taken from the installed file system's working folder.
import { cwd } from './fs.js';

/** Separator between path segments. */
export const sep = '/';

/** Whether `p` starts at the root. */
export function isAbsolute(p: string): boolean {
  return p.startsWith('/');
}

/** `p` with `.`, `..` and repeated separators resolved; keeps a leading `/`. */
export function normalize(p: string): string {
  // Most paths are already normal: no `.` or `..` segment, no doubled separator.
  if (p !== '' && !/(^|\/)\.\.?(\/|$)|\/\//.test(p)) return p;
  const abs = isAbsolute(p);
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
    } else out.push(part);
  }
  let body = out.join('/');
  // As node:path, a trailing separator stays.
  if (body !== '' && p.endsWith('/')) body += '/';
  if (abs) return `/${body}`;
  return body || (p.endsWith('/') ? './' : '.');
}

/** The segments joined and normalised. */
export function join(...parts: string[]): string {
  const joined = parts.filter((p) => p !== '').join('/');
  return joined === '' ? '.' : normalize(joined);
}

/** The absolute path the segments name, right to left until one is absolute, then from the working folder. */
export function resolve(...parts: string[]): string {
  let path = '';
  for (let i = parts.length - 1; i >= 0 && !isAbsolute(path); i--) {
    const p = parts[i]!;
    if (p !== '') path = path === '' ? p : `${p}/${path}`;
  }
  if (!isAbsolute(path)) path = path === '' ? cwd() : `${cwd()}/${path}`;
  const n = normalize(path);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** The folder part of `p`. */
export function dirname(p: string): string {
  const trimmed = p.length > 1 ? p.replace(/\/+$/, '') || '/' : p;
  const i = trimmed.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return trimmed.slice(0, i);
}

/** The last segment of `p`, without `suffix` when it ends so. */
export function basename(p: string, suffix?: string): string {
  const trimmed = p.length > 1 ? p.replace(/\/+$/, '') : p;
  const base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return suffix && base.endsWith(suffix) && base !== suffix ? base.slice(0, -suffix.length) : base;
}

/** The extension of the last segment, dot included (`''` for none or a leading dot only). */
export function extname(p: string): string {
  const base = basename(p);
  const i = base.lastIndexOf('.');
  return i <= 0 || base === '..' ? '' : base.slice(i);
}

/** The path from `from` to `to`. */
export function relative(from: string, to: string): string {
  const a = resolve(from).split('/').filter(Boolean);
  const b = resolve(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}
