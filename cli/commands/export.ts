import type { Command } from 'commander';
import { exportEnergyTables, exportScalesimCfg } from '../../api/export-architecture.js';
import { exportOnnx, exportTimeloop, type ExportOptions } from '../../api/export.js';
import { writeFileAtomic } from '../../api/output.js';
import { HelenError } from '../../core/index.js';
import type { CliContext } from '../context.js';
import { collectSet, collectValues } from '../options.js';

/** The flags of `helen export`: one output format, and what the input needs to be read. */
interface ExportFlags {
  onnx?: string;
  timeloop?: string;
  scalesimCfg?: string;
  ert?: string;
  art?: string;
  format?: string;
  inputShape?: string[];
  ignoreOp?: string[];
  set?: Map<string, string>;
}

/** The output options, in the order the usage message names them; exactly one is given. */
const OUTPUTS = ['--onnx', '--timeloop', '--scalesim-cfg', '--ert and/or --art'] as const;

/**
 * `helen export FILE --onnx OUT | --timeloop OUT | --scalesim-cfg OUT | --ert OUT [--art OUT]`:
 * a layer workload as ONNX (shapes, and weights where the workload has them) or as
 * Timeloop problems; an architecture with one systolic array as a SCALE-Sim .cfg;
 * an architecture's energies and areas as Accelergy ERT/ART tables.
 */
export function registerExport(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description(
      "write a file in another tool's format: a layer workload as ONNX or Timeloop problems, a systolic architecture as a SCALE-Sim .cfg, an architecture's energies and areas as Accelergy ERT/ART tables",
    )
    .argument(
      '<FILE>',
      'a workload that reads as layers (--onnx, --timeloop) or an architecture (--scalesim-cfg, --ert, --art)',
    )
    .option('--onnx <OUT>', 'write the layer workload as an ONNX model (weights it carries become initializers)')
    .option(
      '--timeloop <OUT>',
      'write the layer workload as Timeloop problem specifications, one YAML document per layer',
    )
    .option('--scalesim-cfg <OUT>', "write the architecture's one systolic array as a SCALE-Sim v2 .cfg (`-`: stdout)")
    .option('--ert <OUT>', "write the architecture's energies per action as an Accelergy 0.3 ERT (pJ)")
    .option('--art <OUT>', "write the architecture's areas as an Accelergy 0.3 ART (µm² per instance)")
    .option('--format <NAME>', "the workload's format (helen list --formats), when its name and content do not say")
    .option(
      '--input-shape <[NAME=]DIMS>',
      'ONNX input: the shape of a graph input with dynamic dimensions',
      collectValues,
    )
    .option('--ignore-op <OPS>', 'ONNX input: operator types to skip on purpose (comma-separated)', collectValues)
    .option('--set <path=value>', 'architecture input: override a variable or parameter (repeatable)', collectSet)
    .action((file: string, flags: ExportFlags) => {
      const tables = flags.ert ?? flags.art;
      const given = [flags.onnx, flags.timeloop, flags.scalesimCfg, tables].filter((x) => x !== undefined);
      if (given.length !== 1)
        throw new HelenError('E_USAGE', `name exactly one output: ${OUTPUTS.join(', ')}`, { file: 'helen export' });
      if (flags.scalesimCfg !== undefined) {
        const text = exportScalesimCfg({ architecture: file, session: ctx.session, overrides: flags.set });
        if (flags.scalesimCfg === '-') process.stdout.write(text);
        else writeFileAtomic(flags.scalesimCfg, text, { option: '--scalesim-cfg' });
        return;
      }
      if (tables !== undefined) {
        const written = exportEnergyTables({ architecture: file, session: ctx.session, overrides: flags.set });
        for (const [out, kind, text] of [
          [flags.ert, 'ert', written.ert],
          [flags.art, 'art', written.art],
        ] as const) {
          if (out === undefined) continue;
          writeFileAtomic(out, text, { option: `--${kind}` });
          const what = kind === 'ert' ? 'ERT entries (energies per action, pJ)' : 'ART entries (areas, µm²)';
          process.stdout.write(`${out}: ${written.entries[kind]} ${what}\n`);
        }
        for (const note of written.notes) process.stderr.write(`note: ${note}\n`);
        return;
      }
      const input = (out: string): ExportOptions => ({
        workload: file,
        out,
        ...(flags.format !== undefined ? { format: flags.format } : {}),
        readerOptions: { 'input-shape': flags.inputShape ?? [], 'ignore-op': flags.ignoreOp ?? [] },
        session: ctx.session,
      });
      if (flags.timeloop !== undefined) {
        const r = exportTimeloop(input(flags.timeloop));
        const skipped = r.skipped.length ? `; no Timeloop problem for ${r.skipped.join(', ')}` : '';
        process.stdout.write(`${flags.timeloop}: ${r.layers} Timeloop problems (${r.bytes} bytes)${skipped}\n`);
        return;
      }
      const r = exportOnnx(input(flags.onnx!));
      const weights = r.withWeights ? `, ${r.withWeights} with weights` : ', weights by shape only';
      process.stdout.write(`${flags.onnx}: ${r.layers} layers${weights} (${r.bytes} bytes)\n`);
    });
}
