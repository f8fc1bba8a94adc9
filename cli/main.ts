import { Command } from 'commander';
import { runPhold } from '../bench/phold.js';
import { runPipeline } from '../bench/pipeline.js';

const program = new Command();
program.name('helen').description('Helen: cycle-level, event-driven hardware simulator').version('0.1.0');

const bench = program.command('bench').description('kernel benchmarks (shared/bench/PHOLD.md)');
bench
  .command('phold')
  .description('PHOLD: N logical processes, M events each, until cycle T_END')
  .argument('<N>', 'logical processes', wholeNumber)
  .argument('<M>', 'initial events per LP', wholeNumber)
  .argument('<T_END>', 'end cycle (exclusive)', wholeNumber)
  .argument('<SEED>', 'seed', wholeNumber)
  .action((n: number, m: number, tEnd: number, seed: number) => {
    const r = runPhold({ lps: n, eventsPerLp: m, endCycle: tEnd, seed });
    process.stdout.write(JSON.stringify(r) + '\n');
  });

bench
  .command('pipeline')
  .description('event-driven pipeline: K stages, W tokens, one token every P cycles')
  .argument('<K>', 'stages', wholeNumber)
  .argument('<W>', 'tokens', wholeNumber)
  .argument('<P>', 'cycles between tokens', wholeNumber)
  .action((k: number, w: number, p: number) => {
    const r = runPipeline({ stages: k, tokens: w, period: p });
    process.stdout.write(JSON.stringify(r) + '\n');
  });

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`expected a whole number, got "${value}"`);
  return Number(value);
}

program.parse();
