import type { Command } from 'commander';
import { HelenError, formatTimePs } from '../../core/index.js';
import {
  traceAt,
  traceSignals,
  traceStats,
  traceSummary,
  type ComponentActivity,
  type TraceQuery,
} from '../../api/trace/inspect.js';
import type { TraceOptions } from '../../api/trace/record.js';
import { convertTrace, sliceTrace } from '../../api/trace/transform.js';

/** `helen run` flags that record a trace. */
export interface TraceFlags {
  trace?: string;
  traceComponents?: string[];
  traceSignals?: string[];
  traceFrom?: string;
  traceTo?: string;
  traceCounters?: boolean;
}

/** Adds the recording options to `helen run`. */
export function addTraceRecordOptions(cmd: Command): Command {
  return cmd
    .option(
      '--trace <FILE>',
      'record a trace while running: .vcd (waveforms), .json (Perfetto timeline) or .jsonl (one event per line)',
    )
    .option(
      '--trace-components <GLOB...>',
      'record only these components and their subtrees (* within a level, ** across levels)',
    )
    .option('--trace-signals <GLOB...>', 'record only these signals (e.g. busy "*occupancy")')
    .option('--trace-from <T>', 'start recording at T (10us, or 1200cycles of the main clock)')
    .option('--trace-to <T>', 'stop recording at T (exclusive)')
    .option('--trace-counters', 'also record every statistics counter (conversions, bytes, spikes, …) as a signal');
}

/** The trace options of `helen run`, or undefined when no trace is asked for. */
export function traceOptionsFrom(flags: TraceFlags): TraceOptions | undefined {
  if (!flags.trace) {
    if (flags.traceComponents || flags.traceSignals || flags.traceFrom || flags.traceTo || flags.traceCounters) {
      throw new HelenError(
        'E_USAGE',
        '--trace-components, --trace-signals, --trace-from, --trace-to and --trace-counters need --trace FILE',
      );
    }
    return undefined;
  }
  return {
    file: flags.trace,
    ...(flags.traceComponents ? { components: flags.traceComponents } : {}),
    ...(flags.traceSignals ? { signals: flags.traceSignals } : {}),
    ...(flags.traceFrom !== undefined ? { from: flags.traceFrom } : {}),
    ...(flags.traceTo !== undefined ? { to: flags.traceTo } : {}),
    ...(flags.traceCounters ? { counters: true } : {}),
  };
}

interface InspectFlags {
  components?: string[];
  signals?: string[];
  from?: string;
  to?: string;
  output?: string;
  json?: boolean;
}

const ACTIONS = ['summary', 'signals', 'at', 'stats', 'slice', 'convert'];

export function registerTrace(program: Command): void {
  program
    .command('trace')
    .description('inspect a recorded trace: summary | signals | at TIME | stats | slice -o OUT | convert -o OUT')
    .argument('<FILE>', 'trace file (.vcd, .json or .jsonl)')
    .argument('<ACTION>', ACTIONS.join(' | '))
    .argument('[TIME]', 'for "at": a time (10us) or cycles of the main clock (120045cycles)')
    .option('--components <GLOB...>', 'only these components (and their subtrees)')
    .option('--signals <GLOB...>', 'only these signals')
    .option('--from <T>', 'window start (stats, slice)')
    .option('--to <T>', 'window end, exclusive (stats, slice)')
    .option('-o, --output <FILE>', 'output file for slice and convert (.vcd, .json or .jsonl)')
    .option('--json', 'print JSON')
    .action((file: string, action: string, time: string | undefined, flags: InspectFlags) => {
      const q: TraceQuery = { components: flags.components, signals: flags.signals, from: flags.from, to: flags.to };
      const print = (value: unknown, text: () => string): void =>
        void process.stdout.write(flags.json ? JSON.stringify(value, null, 2) + '\n' : text());
      switch (action) {
        case 'summary': {
          const s = traceSummary(file);
          print(
            s,
            () =>
              `${s.file}: ${s.architecture ?? 'trace'} (${s.format}), ${formatTimePs(s.start_ps)} to ${formatTimePs(s.end_ps)}, ${s.signals} signals, ${s.changes} changes\n${activityTable(s.components)}`,
          );
          return;
        }
        case 'signals': {
          const list = traceSignals(file, q);
          print(list, () =>
            list
              .map(
                (s) =>
                  `${s.component}.${s.signal}  ${s.kind}${s.width_bits ? `[${s.width_bits}]` : ''}  ${s.changes} changes\n`,
              )
              .join(''),
          );
          return;
        }
        case 'at': {
          if (time === undefined)
            throw new HelenError('E_USAGE', 'helen trace FILE at TIME: give a time (10us) or cycles (120045cycles)');
          const r = traceAt(file, time, q);
          print(r, () => {
            const head = `at ${formatTimePs(r.time_ps)}${r.cycle !== undefined ? ` (cycle ${r.cycle})` : ''}\n`;
            const values = r.values
              .map((v) => `  ${v.component}.${v.signal} = ${v.value === null ? 'x' : String(v.value)}\n`)
              .join('');
            const spans = r.open_spans.map((s) => `  ${s.component} doing ${s.spans.join(' > ')}\n`).join('');
            return head + values + spans;
          });
          return;
        }
        case 'stats': {
          const r = traceStats(file, q);
          print(r, () => {
            const sig = r.signals
              .map(
                (s) =>
                  `  ${s.component}.${s.signal}  ${s.high_pct !== undefined ? `${s.high_pct.toFixed(2)}% high` : s.mean !== undefined ? `mean ${fmt(s.mean)} min ${fmt(s.min)} max ${fmt(s.max)}` : ''}  ${s.changes} changes\n`,
              )
              .join('');
            return `window ${formatTimePs(r.from_ps)} to ${formatTimePs(r.to_ps)}\n${activityTable(r.components)}signals:\n${sig}`;
          });
          return;
        }
        case 'slice':
        case 'convert': {
          if (!flags.output)
            throw new HelenError('E_USAGE', `helen trace FILE ${action} needs -o OUT (.vcd, .json or .jsonl)`);
          const r = action === 'slice' ? sliceTrace(file, flags.output, q) : convertTrace(file, flags.output);
          print(r, () => `wrote ${r.output}\n`);
          return;
        }
        default:
          throw new HelenError('E_USAGE', `unknown trace action "${action}"; use one of: ${ACTIONS.join(', ')}`);
      }
    });
}

function fmt(n: number | undefined): string {
  return n === undefined ? '-' : Number.isInteger(n) ? String(n) : n.toPrecision(4);
}

function activityTable(rows: ComponentActivity[]): string {
  const lines = rows.map(
    (a) =>
      `  ${a.component.padEnd(24)} ${(a.busy_pct === undefined ? '-' : a.busy_pct.toFixed(2) + '%').padStart(8)} ${(a.active_pct.toFixed(2) + '%').padStart(8)} ${String(a.spans).padStart(6)} ${String(a.changes).padStart(8)}\n`,
  );
  return `  ${'component'.padEnd(24)} ${'busy'.padStart(8)} ${'active'.padStart(8)} ${'ops'.padStart(6)} ${'changes'.padStart(8)}\n${lines.join('')}`;
}
