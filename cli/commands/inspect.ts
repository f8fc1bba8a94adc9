import type { Command } from 'commander';
import { defaultSession } from '../../api/session.js';
import { formatTypeDocs, listTypes } from '../../api/list.js';
import { architectureJsonSchema } from '../../api/schema.js';
import { writeFileAtomic } from '../../api/output.js';
import { validateFiles } from '../../api/validate.js';
import { collectSet } from '../options.js';

export function registerInspect(program: Command): void {
  program
    .command('validate')
    .description('load and elaborate architecture files, reporting every problem with its position')
    .argument('<FILE...>', 'architecture YAML files')
    .option('--set <path=value>', 'override a variable or parameter (repeatable)', collectSet)
    .action((files: string[], flags: { set?: Map<string, string> }) => {
      let bad = 0;
      for (const r of validateFiles(files, { overrides: flags.set })) {
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
    .description('write the JSON Schema of architecture files (for editor completion and validation)')
    .option('-o, --output <FILE>', 'write to FILE instead of standard output')
    .action((flags: { output?: string }) => {
      const text = JSON.stringify(architectureJsonSchema(defaultSession().registry), null, 2) + '\n';
      if (flags.output) writeFileAtomic(flags.output, text);
      else process.stdout.write(text);
    });

  program
    .command('list')
    .description('list component types, or document one type\'s parameters, ports and operations')
    .argument('[TYPE]', 'a component type, e.g. generic.unit')
    .option('--json', 'print JSON')
    .action((type: string | undefined, flags: { json?: boolean }) => {
      const docs = listTypes(defaultSession().registry, type);
      process.stdout.write(flags.json ? JSON.stringify(docs, null, 2) + '\n' : formatTypeDocs(docs, type !== undefined));
    });
}
