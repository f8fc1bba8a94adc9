import type { Command } from 'commander';
import { architectureJsonSchema, partJsonSchema } from '../../api/schema.js';
import { writeFileAtomic } from '../../api/output.js';
import { validateFiles } from '../../api/validate.js';
import type { CliContext } from '../context.js';
import { collectSet } from '../options.js';

export function registerInspect(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('load and elaborate architecture files, reporting every problem with its position')
    .argument('<FILE...>', 'architecture YAML files')
    .option('--set <path=value>', 'override a variable or parameter (repeatable)', collectSet)
    .action((files: string[], flags: { set?: Map<string, string> }) => {
      let bad = 0;
      for (const r of validateFiles(files, { session: ctx.session, overrides: flags.set })) {
        if (r.ok) process.stdout.write(`${r.file}: ok (${r.components} components)\n`);
        else {
          bad++;
          for (const p of r.problems) process.stderr.write(p.format() + '\n');
        }
      }
      if (bad) process.exitCode = 1;
    });

  program
    .command('schema')
    .description(
      'write the JSON Schema of architecture files (for editor completion and validation), with the types of loaded plug-ins',
    )
    .option('--part', 'the schema of a component-level include body (architectures/…/parts/*.yaml) instead')
    .option('-o, --output <FILE>', 'write to FILE instead of standard output')
    .action((flags: { output?: string; part?: boolean }) => {
      const registry = ctx.session.registry;
      const text =
        JSON.stringify(flags.part ? partJsonSchema(registry) : architectureJsonSchema(registry), null, 2) + '\n';
      if (flags.output) writeFileAtomic(flags.output, text, { option: '--output' });
      else process.stdout.write(text);
    });
}
