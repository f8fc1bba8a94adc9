import { writeFileAtomic, type OutputRequest } from '../output.js';
import type { RunReport } from '../run.js';
import { renderHtmlReport, type ReportViews } from './html.js';
import { utilisationTimeline } from './timeline.js';

export { renderHtmlReport, type HtmlReportOptions, type ReportViews } from './html.js';
export { readRunReport } from './result-file.js';
export { utilisationTimeline, type UtilisationTimeline, type TimelineOptions } from './timeline.js';

/** Where a report page goes and what it may read besides the run report. */
export interface WriteHtmlReportOptions {
  /** A trace of the same run (`.vcd`, `.json` or `.jsonl`) for utilisation over time. */
  traceFile?: string;
  /** Time bins of the utilisation heat map (default 120). */
  bins?: number;
  /** Family views by name (default: the built-in families'). */
  views?: ReportViews;
  /** The option that named the file, for a failed write's message (`--report`, `--output`). */
  output?: OutputRequest;
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
  const views = options.views ? { views: options.views } : {};
  if (traceFile === undefined) return renderHtmlReport(report, views);
  const timeline = utilisationTimeline(traceFile, {
    endHintPs: report.time_ps,
    ...(options.bins !== undefined ? { bins: options.bins } : {}),
  });
  return renderHtmlReport(report, { timeline, ...views });
}

/** Renders the report page and writes it atomically (a failure leaves no partial page). */
export function writeHtmlReport(file: string, report: RunReport, options: WriteHtmlReportOptions = {}): WrittenReport {
  const html = htmlReport(report, options);
  writeFileAtomic(file, html, options.output);
  return { file, timeline: html.includes('id="chart-utilisation-over-time"') };
}
