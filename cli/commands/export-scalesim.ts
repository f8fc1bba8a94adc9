import type { Command } from 'commander';
import { exportScalesimCfg } from '../../api/export-architecture.js';
import { writeFileAtomic } from '../../api/output.js';
import { HelenError } from '../../core/index.js';
import type { CliContext } from '../context.js';
import { collectSet } from '../options.js';

/** The option naming the .cfg written, for its errors. */
const SCALESIM_OUT = { option: '--scalesim-cfg' };

/** Flags `--scalesim-cfg` adds to `helen export`. */
export interface ScalesimExportFlags {
  scalesimCfg?: string;
  set?: Map<string, string>;
}

/** Adds `--scalesim-cfg <FILE>` to an `export` command. */
export function addScalesimExportOption(cmd: Command): Command {
  return cmd.option(
    '--scalesim-cfg <FILE>',
    "write the architecture's one systolic array as a SCALE-Sim v2 .cfg (`-` for standard output)",
  );
}

/** Does `--scalesim-cfg` for `export`; false when the flag was not given. */
export function exportScalesimIfAsked(arch: string, flags: ScalesimExportFlags, ctx: CliContext): boolean {
  if (flags.scalesimCfg === undefined) return false;
  const text = exportScalesimCfg({ architecture: arch, session: ctx.session, overrides: flags.set });
  if (flags.scalesimCfg === '-') process.stdout.write(text);
  else writeFileAtomic(flags.scalesimCfg, text, SCALESIM_OUT);
  return true;
}

/**
 * `helen export ARCH --scalesim-cfg FILE` on its own. Where another branch adds an
 * `export` command too, it calls addScalesimExportOption and exportScalesimIfAsked instead.
 */
export function registerExportScalesim(program: Command, ctx: CliContext): void {
  addScalesimExportOption(
    program
      .command('export')
      .description('write an architecture in another tool’s format')
      .argument('<ARCH>', 'architecture file (YAML or .cfg)')
      .option('--set <path=value>', 'override a variable or parameter (repeatable)', collectSet),
  ).action((arch: string, flags: ScalesimExportFlags) => {
    if (!exportScalesimIfAsked(arch, flags, ctx))
      throw new HelenError('E_USAGE', 'name what to write, e.g. --scalesim-cfg out.cfg', { file: '--scalesim-cfg' });
  });
}
