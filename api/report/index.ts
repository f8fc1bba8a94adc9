import { HelenError } from '../../core/index.js';
import { traceFormatOf } from '../../core/trace/trace-formats.js';
import { writeFileAtomic } from '../output.js';
import type { RunReport } from '../run.js';
import { renderHtmlReport } from './html.js';
import { utilisationTimeline } from './timeline.js';

export { renderHtmlReport, type HtmlReportOptions } from './html.js';
export { readRunReport } from './result-file.js';
export { utilisationTimeline, type UtilisationTimeline, type TimelineOptions } from './timeline.js';

/** Where a report page goes and what it may read besides the run report. */
export interface WriteHtmlReportOptions {
  /** A trace of the same run (`.vcd` or `.jsonl`) for utilisation over time. */
  traceFile?: string;
  /**
   * When the trace is Perfetto `.json` (not readable yet), note it on the page
   * instead of failing: `helen run --report` has already simulated, and its
   * trace format was chosen for another viewer.
   */
  tolerateUnreadableTrace?: boolean;
  /** Time bins of the utilisation heat map (default 120). */
  bins?: number;
}

/** What was written. */
export interface WrittenReport {
  file: string;
  /** True when the page has utilisation over time. */
  timeline: boolean;
}

/** The report page as a string (see `renderHtmlReport`), with the trace read when one is given. */
export function htmlReport(report: RunReport, options: WriteHtmlReportOptions = {}): string {
  const { traceFile } = options;
  if (traceFile === undefined) return renderHtmlReport(report);
  if (traceFormatOf(traceFile, '--trace-file') === 'json') {
    const note = `The trace ${traceFile} is Perfetto JSON, which Helen does not read back yet: record .vcd or .jsonl for utilisation over time.`;
    if (options.tolerateUnreadableTrace) return renderHtmlReport(report, { timelineNote: note });
    throw new HelenError('E_REPORT_INPUT', note, { file: traceFile });
  }
  const timeline = utilisationTimeline(traceFile, { endHintPs: report.time_ps, ...(options.bins !== undefined ? { bins: options.bins } : {}) });
  return renderHtmlReport(report, { timeline });
}

/** Renders the report page and writes it atomically (a failure leaves no partial page). */
export function writeHtmlReport(file: string, report: RunReport, options: WriteHtmlReportOptions = {}): WrittenReport {
  const html = htmlReport(report, options);
  writeFileAtomic(file, html);
  return { file, timeline: html.includes('id="chart-utilisation-over-time"') };
}
