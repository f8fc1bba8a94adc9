import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A program from a Debian package that some tests drive for real (never mocked). */
export interface SystemTool {
  /** Executable name looked up on PATH, e.g. `vcd2fst`. */
  program: string;
  /** The Debian package that installs it, e.g. `gtkwave`. */
  debianPackage: string;
}

export const CHROMIUM: SystemTool = { program: 'chromium', debianPackage: 'chromium' };
export const VCD2FST: SystemTool = { program: 'vcd2fst', debianPackage: 'gtkwave' };
export const FST2VCD: SystemTool = { program: 'fst2vcd', debianPackage: 'gtkwave' };
export const REDIS_SERVER: SystemTool = { program: 'redis-server', debianPackage: 'redis-server' };

/** The environment variable (set by `.ci/run`) that turns a missing tool from a skip into a failure. */
export const REQUIRE_SYSTEM_TOOLS = 'HELEN_REQUIRE_SYSTEM_TOOLS';

/** Absolute path of `program` on PATH, or undefined when no executable file of that name is there. */
export function findProgram(program: string, path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, program);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory (or not executable): keep looking.
    }
  }
  return undefined;
}

/** One line naming what is missing and how to install it. */
export function missingToolLine(tools: readonly SystemTool[], what: string): string {
  const names = tools.map((t) => `${t.program} (Debian package ${t.debianPackage})`).join(', ');
  return `skipped: ${what}: needs ${names}, not found on PATH — apt-get install -y ${[
    ...new Set(tools.map((t) => t.debianPackage)),
  ].join(' ')}`;
}

/**
 * Whether the tests of `what` must be skipped because a tool is missing. When
 * one is, this prints one visible line naming the programs and their Debian
 * packages and returns true, unless HELEN_REQUIRE_SYSTEM_TOOLS=1 (CI), where a
 * missing program is an error: CI installs every tool, so a skip there would
 * hide a broken install.
 */
export function skipWithoutTools(
  tools: readonly SystemTool[],
  what: string,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const missing = tools.filter((t) => findProgram(t.program, env['PATH'] ?? '') === undefined);
  if (missing.length === 0) return false;
  const line = missingToolLine(missing, what);
  if (env[REQUIRE_SYSTEM_TOOLS] === '1') {
    throw new Error(`${line.replace(/^skipped: /, '')}; ${REQUIRE_SYSTEM_TOOLS}=1 makes a missing program a failure`);
  }
  process.stderr.write(`${line}\n`);
  return true;
}

/** `!skipWithoutTools` for one program: true when the tests may run. */
export function requireTool(program: string, debianPackage: string, what = `tests needing ${program}`): boolean {
  return !skipWithoutTools([{ program, debianPackage }], what);
}
