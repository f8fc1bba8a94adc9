import type { Command } from 'commander';
import { readRunReport, writeHtmlReport } from '../../api/report/index.js';
import type { CliContext } from '../context.js';
import { wholeNumber } from '../options.js';

interface ReportFlags {
  output: string;
  traceFile?: string;
  bins?: number;
}

export function registerReport(program: Command, ctx: CliContext): void {
  program
    .command('report')
    .description('write a self-contained HTML report (charts, phases, utilisation) from a saved run result')
    .argument(
      '<RESULT>',
      'output of "helen run --json", or the directory (or its report.json) of "helen run --out DIR"',
    )
    .requiredOption('-o, --output <FILE>', 'the HTML file to write')
    .option('--trace-file <FILE>', 'a .vcd or .jsonl trace of the same run: adds utilisation over time')
    .option('--bins <N>', 'time bins of the utilisation heat map (default 120)', wholeNumber)
    .action((result: string, flags: ReportFlags) => {
      const w = writeHtmlReport(flags.output, readRunReport(result), {
        views: ctx.session.views,
        output: { option: '--output' },
        ...(flags.traceFile !== undefined ? { traceFile: flags.traceFile } : {}),
        ...(flags.bins !== undefined ? { bins: flags.bins } : {}),
      });
      process.stdout.write(`wrote ${w.file}${w.timeline ? ' (with utilisation over time)' : ''}\n`);
    });
}
