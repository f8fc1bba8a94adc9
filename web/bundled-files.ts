// The shipped architectures, workloads and schema, gathered by web/build.mjs at build time (the virtual module
// `helen:bundled-files`): path relative to the repository root → text, or base64 for binary files.
import files from 'helen:bundled-files';

/** Every bundled file, binary ones decoded to bytes. */
export function bundledFiles(): Record<string, string | Uint8Array> {
  const out: Record<string, string | Uint8Array> = {};
  for (const [path, content] of Object.entries(files))
    out[path] = typeof content === 'string' ? content : Uint8Array.from(atob(content.base64), (c) => c.charCodeAt(0));
  return out;
}

/** One bundled text file (the page's menu opens examples from these). */
export function bundledText(path: string): string | undefined {
  const content = files[path];
  return typeof content === 'string' ? content : undefined;
}

/** The paths of the bundled files, sorted. */
export function bundledPaths(): string[] {
  return Object.keys(files).sort();
}
