/**
 * One family-specific view of the HTML report (a roofline chart, a spike
 * raster, …), drawn from the data a workload put in
 * `workload_summary.views[name]`. `render` returns an HTML fragment (usually
 * an SVG chart with a caption); data it cannot use gives a short note, not an
 * error.
 */
export interface ReportView {
  /** The key a workload uses in `workload_summary.views`, e.g. `roofline`. */
  name: string;
  /** One line saying what the view shows. */
  description: string;
  /** Renders the view's data as an HTML fragment. */
  render(data: unknown): string;
}
