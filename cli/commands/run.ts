import { join } from 'node:path';
import type { Command } from 'commander';
import { runWithTrace } from '../../api/trace/record.js';
import { checkOutputTarget, writeFileAtomic } from '../../api/output.js';
import { writeHtmlReport } from '../../api/report/index.js';
import { SpikeOutputs } from '../../api/spikes.js';
import { formatEnergyTableReport, type EnergyTableReport } from '../../core/index.js';
import type { CliContext } from '../context.js';
import { formatRunReport } from '../format.js';
import { collectSet, collectValues, secondsOption, timeOption, wholeNumber } from '../options.js';
import { progressReporter, progressWanted } from '../progress.js';
import { addTraceRecordOptions, traceOptionsFrom, type TraceFlags } from './trace.js';

/** The options naming output files, for their errors. */
const OUT = { option: '--out' };
const REPORT = { option: '--report' };

/** Options every simulating command shares. */
export function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--seed <N>', 'run seed (random streams of every component derive from it)', wholeNumber, 1)
    .option('--set <path=value>', 'override a variable or parameter (repeatable)', collectSet)
    .option('--energy-table <ERT>', "an Accelergy ERT.yaml whose per-action energies (pJ) replace the architecture's")
    .option('--area-table <ART>', "an Accelergy ART.yaml whose areas (µm²) replace the architecture's")
    .option('--max-time <T>', 'simulated-time bound, e.g. 10us', timeOption)
    .option('--max-events <N>', 'event bound', wholeNumber)
    .option('--max-wall <S>', 'wall-clock bound in seconds', secondsOption)
    .option('--format <NAME>', "the workload's format (helen list --formats), when its name and content do not say")
    .option(
      '--input-shape <[NAME=]DIMS>',
      'ONNX: the shape of a graph input with dynamic dimensions, e.g. input=1x3x224x224 (repeatable)',
      collectValues,
    )
    .option(
      '--ignore-op <OPS>',
      'ONNX: operator types to skip on purpose, e.g. Softmax,LogSoftmax (repeatable)',
      collectValues,
    )
    .option(
      '--values <SPEC>',
      "ONNX: check outputs through the hardware's value model with the model's weights: true, or e.g. layers=2,vectors=8",
      collectValues,
    )
    .option('--json', 'print one JSON object instead of the summary')
    .option('--progress', 'show progress on stderr even when it is not a terminal (also HELEN_PROGRESS=1)')
    .option('--no-progress', 'show no progress, even on a terminal (also HELEN_PROGRESS=0)');
}

export interface RunFlags {
  seed: number;
  set?: Map<string, string>;
  energyTable?: string;
  areaTable?: string;
  maxTime?: number;
  maxEvents?: number;
  maxWall?: number;
  format?: string;
  /** `--input-shape` values as given. */
  inputShape?: string[];
  /** `--ignore-op` values as given. */
  ignoreOp?: string[];
  /** `--values` as given. */
  values?: string[];
  json?: boolean;
  out?: string;
  /** `--progress` (true) or `--no-progress` (false); undefined: decided by HELEN_PROGRESS and the terminal. */
  progress?: boolean;
}

/** The bounds, overrides, format and session shared by every simulating command, as RunOptions fields. */
export function runOptionsFrom(flags: RunFlags, ctx: CliContext) {
  return {
    seed: flags.seed,
    overrides: flags.set,
    ...(flags.energyTable !== undefined ? { energyTable: flags.energyTable } : {}),
    ...(flags.areaTable !== undefined ? { areaTable: flags.areaTable } : {}),
    maxTimePs: flags.maxTime,
    maxEvents: flags.maxEvents,
    wallClockMs: flags.maxWall,
    ...(flags.format !== undefined ? { format: flags.format } : {}),
    readerOptions: {
      'input-shape': flags.inputShape ?? [],
      'ignore-op': flags.ignoreOp ?? [],
      values: flags.values ?? [],
    },
    session: ctx.session,
  };
}

/** The reference tables' match report on stderr, one line per entry (`label` names the run in a comparison). */
export function printTableReport(report: { energyTable?: EnergyTableReport }, label?: string): void {
  if (!report.energyTable) return;
  const prefix = label ? `${label}: ` : '';
  for (const line of formatEnergyTableReport(report.energyTable)) process.stderr.write(`${prefix}${line}\n`);
}

export function registerRun(program: Command, ctx: CliContext): void {
  addTraceRecordOptions(
    addRunOptions(
      program.command('run').description('simulate an architecture on a workload and report cycles, energy and area'),
    ),
  )
    .argument('<ARCH>', 'architecture YAML file')
    .argument('<WORKLOAD>', 'workload file (.jsonl operation trace, …)')
    .option('--out <DIR>', 'also write report.json and summary.txt into DIR (atomically)')
    .option(
      '--report <FILE>',
      'also write a self-contained HTML report (utilisation over time too when --trace is .vcd or .jsonl)',
    )
    .option(
      '--spikes-out <FILE>',
      "spiking networks: write the output populations' spikes as AER CSV (t_us,address), atomically",
    )
    .option(
      '--dump-weights <FILE>',
      "spiking networks: write every synapse's target and realised weight and G+/G- as CSV, atomically",
    )
    .action(
      (
        arch: string,
        workload: string,
        flags: RunFlags & TraceFlags & { report?: string; spikesOut?: string; dumpWeights?: string },
      ) => {
        // Every output is checked before the run: a folder, a device or a read-only place fails now, not after it.
        const outFiles = flags.out ? [join(flags.out, 'report.json'), join(flags.out, 'summary.txt')] : [];
        for (const f of outFiles) checkOutputTarget(f, OUT);
        if (flags.report) checkOutputTarget(flags.report, REPORT);
        const progress = progressReporter({ enabled: progressWanted(flags.progress) });
        const spikes = new SpikeOutputs({ spikesOut: flags.spikesOut, dumpWeights: flags.dumpWeights });
        let report;
        try {
          report = runWithTrace(
            {
              architecture: arch,
              workload,
              ...runOptionsFrom(flags, ctx),
              onProgress: progress.update,
              ...(spikes.wanted ? { onModel: spikes.onModel } : {}),
            },
            traceOptionsFrom(flags),
          );
          spikes.commit();
        } catch (e) {
          spikes.abort();
          throw e;
        } finally {
          progress.stop();
        }
        printTableReport(report);
        const json = JSON.stringify(report, null, 2) + '\n';
        const summary = formatRunReport(report);
        if (flags.out) {
          writeFileAtomic(outFiles[0]!, json, OUT);
          writeFileAtomic(outFiles[1]!, summary, OUT);
        }
        if (flags.report)
          writeHtmlReport(flags.report, report, { traceFile: flags.trace, views: ctx.session.views, output: REPORT });
        process.stdout.write(flags.json ? json : summary);
        if (report.stop.reason !== 'completed') process.exitCode = 3;
      },
    );
}
