import { join } from 'node:path';
import type { Command } from 'commander';
import { compareArchitectures } from '../../api/compare.js';
import { checkOutputTarget, writeFileAtomic } from '../../api/output.js';
import type { CliContext } from '../context.js';
import { formatComparison } from '../format.js';
import { progressReporter, progressWanted } from '../progress.js';
import { addRunOptions, printTableReport, runOptionsFrom, type RunFlags } from './run.js';

const OUT = { option: '--out' };

export function registerCompare(program: Command, ctx: CliContext): void {
  addRunOptions(
    program
      .command('compare')
      .description(
        'run one workload on two architectures: speed-up (B over A) and energy ratio per phase and in total',
      ),
  )
    .argument('<ARCH_A>', 'baseline architecture')
    .argument('<ARCH_B>', 'architecture compared with the baseline')
    .argument('<WORKLOAD>', 'workload file')
    .option('--out <DIR>', 'also write comparison.json and comparison.txt into DIR')
    .action((a: string, b: string, workload: string, flags: RunFlags) => {
      const files = flags.out ? [join(flags.out, 'comparison.json'), join(flags.out, 'comparison.txt')] : [];
      // Checked before the two runs, so a wrong --out fails at once.
      for (const f of files) checkOutputTarget(f, OUT);
      const enabled = progressWanted(flags.progress);
      const bars = { A: progressReporter({ enabled, label: 'A' }), B: progressReporter({ enabled, label: 'B' }) };
      let report;
      try {
        report = compareArchitectures(a, b, {
          workload,
          ...runOptionsFrom(flags, ctx),
          onProgress: (p, run) => {
            if (run === 'B') bars.A.stop();
            bars[run].update(p);
          },
        });
      } finally {
        bars.A.stop();
        bars.B.stop();
      }
      const { a: ra, b: rb, ...rest } = report;
      printTableReport(ra, 'A');
      printTableReport(rb, 'B');
      const json = JSON.stringify({ ...rest, a: summary(ra), b: summary(rb) }, null, 2) + '\n';
      const text = formatComparison(report);
      if (flags.out) {
        writeFileAtomic(files[0]!, json, OUT);
        writeFileAtomic(files[1]!, text, OUT);
      }
      process.stdout.write(flags.json ? json : text);
    });
}

function summary(r: {
  architecture: string;
  cycles: number;
  time_ps: number;
  energy_pj: number;
  area_mm2: number;
  stop: unknown;
  energyTable?: unknown;
}) {
  return {
    architecture: r.architecture,
    cycles: r.cycles,
    time_ps: r.time_ps,
    energy_pj: r.energy_pj,
    area_mm2: r.area_mm2,
    stop: r.stop,
    ...(r.energyTable ? { energyTable: r.energyTable } : {}),
  };
}
