import type { Command } from 'commander';
import { DEFAULT_RUNS, verifyArchitecture, type VerifyReport } from '../../api/verify.js';
import type { CliContext } from '../context.js';
import { collectSet, wholeNumber } from '../options.js';

interface VerifyFlags {
  component?: string;
  runs: number;
  seed: number;
  set?: Map<string, string>;
  property?: string;
  replay?: string;
  out: string;
  json?: boolean;
}

export function registerVerify(program: Command, ctx: CliContext): void {
  program
    .command('verify')
    .description('check every component property and the whole-architecture invariants on random workloads')
    .argument('<ARCH>', 'architecture YAML file')
    .option('--component <PATH>', 'check only this component and its subtree')
    .option('--runs <N>', 'random cases per property', wholeNumber, DEFAULT_RUNS)
    .option(
      '--seed <S>',
      'fast-check seed: the same seed draws the same cases, each with its own simulation seed',
      wholeNumber,
      1,
    )
    .option('--set <path=value>', 'override a variable or parameter (repeatable)', collectSet)
    .option('--property <NAME>', 'check only the property of this name')
    .option(
      '--replay <PATH>',
      'replay the counter-example fast-check printed this path for (with its --seed and --property)',
    )
    .option('--out <DIR>', 'where counter-examples are written', '.')
    .option('--json', 'print one JSON object instead of the table')
    .action((arch: string, flags: VerifyFlags) => {
      const report = verifyArchitecture({
        architecture: arch,
        session: ctx.session,
        runs: flags.runs,
        seed: flags.seed,
        outDir: flags.out,
        ...(flags.component !== undefined ? { component: flags.component } : {}),
        ...(flags.set ? { overrides: flags.set } : {}),
        ...(flags.property !== undefined ? { property: flags.property } : {}),
        ...(flags.replay !== undefined ? { replayPath: flags.replay } : {}),
      });
      withPluginArgs(report, ctx.pluginArgs());
      process.stdout.write(flags.json ? JSON.stringify(report, null, 2) + '\n' : formatVerifyReport(report));
      if (!report.passed) process.exitCode = 1;
    });
}

/** The replay commands need the plug-ins given with `--plugin` (those of a config file are found again by themselves). */
function withPluginArgs(report: VerifyReport, args: string[]): void {
  if (!args.length) return;
  const flags = args.map((a) => (/^[\w./=:@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
  for (const p of report.properties) {
    if (!p.failure) continue;
    p.failure.replay_run = p.failure.replay_run.replace(/^helen /, `helen ${flags} `);
    p.failure.replay_verify = p.failure.replay_verify.replace(/^helen /, `helen ${flags} `);
  }
}

/** The table `helen verify` prints, then each failure with its counter-example and how to replay it. */
export function formatVerifyReport(r: VerifyReport): string {
  const rows = r.properties.map((p) => [
    p.property,
    p.component ?? '(architecture)',
    String(p.runs),
    p.status,
    `${(p.time_ms / 1000).toFixed(2)} s`,
  ]);
  const header = ['property', 'component', 'runs', 'result', 'time'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    '  ' + cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  const failed = r.properties.filter((p) => p.failure);
  const out = [
    `${r.architecture}: ${r.properties.length} properties, ${r.runs} runs each, seed ${r.seed}, ${r.elaborations} elaboration${r.elaborations === 1 ? '' : 's'}`,
    line(header),
    ...rows.map(line),
  ];
  for (const note of new Set(r.properties.flatMap((q) => (q.note ? [q.note] : [])))) out.push(`  skipped: ${note}`);
  for (const s of r.skipped_operations) out.push(`  not generated: ${s}`);
  for (const p of failed) {
    const f = p.failure!;
    out.push(
      '',
      `FAILED ${p.property}${p.component ? ` (${p.component})` : ''}:`,
      `  ${f.message}`,
      '  counter-example (shrunk):',
    );
    out.push(
      ...f.workload
        .trimEnd()
        .split('\n')
        .map((l) => `    ${l}`),
    );
    if (f.file) out.push(`  written to ${f.file}`);
    out.push(
      `  reproduce: ${f.replay_run}`,
      `  replay:    ${f.replay_verify}`,
      `  fast-check: seed ${f.seed}, path "${f.path}"`,
    );
  }
  out.push(
    '',
    failed.length
      ? `${failed.length} of ${r.properties.length} properties failed`
      : `all ${r.properties.length} properties hold`,
  );
  return out.join('\n') + '\n';
}
