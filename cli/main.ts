import { Command, CommanderError } from 'commander';
import { HelenError } from '../core/index.js';
import { useNodeFileSystem } from '../api/node-file-system.js';
import { enableTempReaper } from '../api/temp-reaper.js';
import { registerBench } from './commands/bench.js';
import { registerCompare } from './commands/compare.js';
import { registerExport } from './commands/export.js';
import { registerInspect } from './commands/inspect.js';
import { registerList } from './commands/list.js';
import { registerReport } from './commands/report.js';
import { registerRun } from './commands/run.js';
import { registerSweep } from './commands/sweep.js';
import { registerTrace } from './commands/trace.js';
import { registerVerify } from './commands/verify.js';
import { CliContext, type AllowFlags } from './context.js';
import { endQuietlyOnClosedPipe } from './pipe.js';
import type { PluginFlags } from './plugins.js';

useNodeFileSystem();
endQuietlyOnClosedPipe();
// Ctrl-C in the middle of a run must not leave hidden temporary files beside the outputs.
enableTempReaper();

const program = new Command();
program
  .name('helen')
  .description('Helen: a cycle-level, event-driven hardware simulator')
  .version('0.1.0')
  .option('--debug', 'show stack traces of internal errors')
  .option(
    '--plugin <SPEC>',
    'load a plug-in (component types, workload formats, report views): a module path or a package name; repeatable',
    (spec: string, all: string[] = []) => [...all, spec],
  )
  .option('--no-config', 'ignore helen.config.js / helen.config.mjs (found from the working directory upward)')
  .option(
    '--allow-dir <DIR>',
    "let architectures read included files and weights files from DIR too (besides the architecture's own folder tree); repeatable",
    (dir: string, all: string[] = []) => [...all, dir],
  )
  .exitOverride();

// One session per invocation, built before the command runs and handed to it through the context.
const ctx = new CliContext();
program.hook('preAction', () => ctx.open(program.opts<PluginFlags & AllowFlags>()));

registerRun(program, ctx);
registerSweep(program, ctx);
registerCompare(program, ctx);
registerExport(program, ctx);
registerInspect(program, ctx);
registerList(program, ctx);
registerBench(program);
registerTrace(program);
registerReport(program, ctx);
registerVerify(program, ctx);

const debug = process.argv.includes('--debug');
try {
  await program.parseAsync();
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode;
  } else if (e instanceof HelenError) {
    // Problems in the user's input: located messages, never a stack trace.
    process.stderr.write(e.format() + '\n');
    if (debug) process.stderr.write((e.stack ?? '') + '\n');
    process.exitCode = 1;
  } else {
    process.stderr.write(
      `helen: internal error: ${(e as Error).message ?? String(e)}${debug ? '\n' + (e as Error).stack : ' (run with --debug for the stack trace)'}\n`,
    );
    process.exitCode = 70;
  }
}
