import { Command } from 'commander';
import { runPhold } from '../bench/phold.js';

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

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`expected a whole number, got "${value}"`);
  return Number(value);
}

program.parse();
