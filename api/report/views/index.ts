import type { RunReport } from '../../run.js';
import { rooflineView } from './roofline.js';
import { spikeRasterView } from './spike-raster.js';

/**
 * Renders one family-specific view of the HTML report (a roofline chart, a
 * spike raster, …) from the data a workload put in
 * `workload_summary.views[name]`. It returns an HTML fragment (usually an SVG
 * chart with a caption); data it cannot use gives a short note, not an error.
 */
export type ReportView = (data: unknown, report: RunReport) => string;

/** The views Helen draws, by the name a workload uses in `workload_summary.views`. */
const BUILTIN_VIEWS: Record<string, ReportView> = { spike_raster: spikeRasterView, roofline: rooflineView };

/** The renderer of view `name`, if there is one. */
export function reportView(name: string): ReportView | undefined {
  return Object.hasOwn(BUILTIN_VIEWS, name) ? BUILTIN_VIEWS[name] : undefined;
}
