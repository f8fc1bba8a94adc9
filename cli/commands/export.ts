import type { Command } from 'commander';
import { exportOnnx } from '../../api/export.js';
import type { CliContext } from '../context.js';
import { collectValues } from '../options.js';

export function registerExport(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description('write a layer workload (a YAML layer list, an ONNX model) as an ONNX model')
    .argument('<WORKLOAD>', 'workload file that reads as layers')
    .requiredOption('--onnx <FILE>', 'the ONNX file to write (weights the workload carries become initializers)')
    .option('--format <NAME>', "the workload's format (helen list --formats), when its name and content do not say")
    .option(
      '--input-shape <[NAME=]DIMS>',
      'ONNX input: the shape of a graph input with dynamic dimensions',
      collectValues,
    )
    .option('--ignore-op <OPS>', 'ONNX input: operator types to skip on purpose (comma-separated)', collectValues)
    .action(
      (workload: string, flags: { onnx: string; format?: string; inputShape?: string[]; ignoreOp?: string[] }) => {
        const r = exportOnnx({
          workload,
          out: flags.onnx,
          ...(flags.format !== undefined ? { format: flags.format } : {}),
          readerOptions: { 'input-shape': flags.inputShape ?? [], 'ignore-op': flags.ignoreOp ?? [] },
          session: ctx.session,
        });
        const weights = r.withWeights ? `, ${r.withWeights} with weights` : ', weights by shape only';
        process.stdout.write(`${flags.onnx}: ${r.layers} layers${weights} (${r.bytes} bytes)\n`);
      },
    );
}
