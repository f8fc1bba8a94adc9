import { Option, type Command } from 'commander';
import { runPhold } from '../../bench/phold.js';
import { runPipeline, type PipelineStyle } from '../../bench/pipeline.js';
import { wholeNumber } from '../options.js';

export function registerBench(program: Command): void {
  const bench = program.command('bench').description('kernel benchmarks (PHOLD and the clocked pipeline)');
  bench
    .command('phold')
    .description('PHOLD: N logical processes, M events each, until cycle T_END; prints one JSON object')
    .argument('<N>', 'logical processes', wholeNumber)
    .argument('<M>', 'initial events per LP', wholeNumber)
    .argument('<T_END>', 'end cycle (exclusive)', wholeNumber)
    .argument('<SEED>', 'seed', wholeNumber)
    .action((n: number, m: number, tEnd: number, seed: number) => {
      process.stdout.write(JSON.stringify(runPhold({ lps: n, eventsPerLp: m, endCycle: tEnd, seed })) + '\n');
    });
  bench
    .command('pipeline')
    .description('event-driven pipeline: K stages, W tokens, one token every P cycles; prints one JSON object')
    .argument('<K>', 'stages', wholeNumber)
    .argument('<W>', 'tokens', wholeNumber)
    .argument('<P>', 'cycles between tokens', wholeNumber)
    .addOption(
      new Option(
        '--style <STYLE>',
        'events: stages schedule each other; links: stages joined by 1-cycle links with credits',
      )
        .choices(['events', 'links'])
        .default('events'),
    )
    .action((k: number, w: number, p: number, flags: { style: PipelineStyle }) => {
      process.stdout.write(JSON.stringify(runPipeline({ stages: k, tokens: w, period: p, style: flags.style })) + '\n');
    });
}
