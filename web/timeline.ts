import { formatTimePs } from '../core/kernel/time.js';
import type { RunOutputs } from './protocol.js';

type Timeline = NonNullable<RunOutputs['timeline']>;

/** Rows drawn at most (the busiest components first, in the trace's order among equals). */
const MAX_ROWS = 48;
const ROW_PX = 12;
const LABEL_PX = 180;

/**
 * Utilisation over time as a heat map on a canvas: a row per component, a
 * column per bin, darker = busier. The wheel zooms around the pointer, a drag
 * pans, double-click shows the whole run.
 */
export class TimelineView {
  private data: Timeline | undefined;
  private rows: Timeline['components'] = [];
  /** Visible window, in bins. */
  private from = 0;
  private to = 1;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly caption: HTMLElement,
  ) {
    canvas.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    canvas.addEventListener('dblclick', () => this.reset());
    let dragX: number | undefined;
    canvas.addEventListener('pointerdown', (e) => (dragX = e.offsetX));
    canvas.addEventListener('pointerup', () => (dragX = undefined));
    canvas.addEventListener('pointermove', (e) => {
      if (dragX === undefined) return;
      const perPx = (this.to - this.from) / this.plotWidth();
      this.pan((dragX - e.offsetX) * perPx);
      dragX = e.offsetX;
    });
  }

  /** Shows a run's timeline (or clears the view). */
  show(timeline: Timeline | undefined): void {
    this.data = timeline;
    const total = (c: Timeline['components'][number]): number => c.busy.reduce((s, b) => s + b, 0);
    this.rows = timeline ? [...timeline.components].sort((a, b) => total(b) - total(a)).slice(0, MAX_ROWS) : [];
    this.reset();
  }

  /** Zooms by `factor` (< 1 zooms in) around the bin at fraction `at` of the view. */
  zoom(factor: number, at = 0.5): void {
    const bins = this.bins();
    const span = Math.min(bins, Math.max(4, (this.to - this.from) * factor));
    const centre = this.from + (this.to - this.from) * at;
    this.from = Math.max(0, Math.min(bins - span, centre - span * at));
    this.to = this.from + span;
    this.draw();
  }

  reset(): void {
    this.from = 0;
    this.to = Math.max(1, this.bins());
    this.draw();
  }

  private bins(): number {
    return this.data?.components[0]?.busy.length ?? 0;
  }

  private plotWidth(): number {
    return Math.max(1, this.canvas.width - LABEL_PX);
  }

  private pan(byBins: number): void {
    const span = this.to - this.from;
    this.from = Math.max(0, Math.min(this.bins() - span, this.from + byBins));
    this.to = this.from + span;
    this.draw();
  }

  private onWheel(e: WheelEvent): void {
    if (!this.data) return;
    e.preventDefault();
    const at = Math.min(1, Math.max(0, (e.offsetX - LABEL_PX) / this.plotWidth()));
    this.zoom(e.deltaY < 0 ? 0.8 : 1.25, at);
  }

  private draw(): void {
    const ctx = this.canvas.getContext('2d');
    const t = this.data;
    this.canvas.height = Math.max(1, this.rows.length) * ROW_PX + 4;
    if (!ctx) return;
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    if (!t || this.rows.length === 0) {
      this.caption.textContent = t ? 'the trace has no busy signals' : '';
      return;
    }
    const w = this.plotWidth() / (this.to - this.from);
    ctx.font = '10px sans-serif';
    this.rows.forEach((row, r) => {
      ctx.fillStyle = '#333';
      ctx.fillText(row.component.slice(-28), 2, r * ROW_PX + 10);
      for (let i = Math.floor(this.from); i < Math.ceil(this.to); i++) {
        const busy = row.busy[i] ?? 0;
        if (busy <= 0) continue;
        ctx.fillStyle = `rgba(31, 95, 191, ${Math.min(1, 0.15 + 0.85 * busy)})`;
        ctx.fillRect(LABEL_PX + (i - this.from) * w, r * ROW_PX + 1, Math.max(1, w), ROW_PX - 2);
      }
    });
    const ps = (bin: number): string => formatTimePs(Math.round(t.start_ps + bin * t.bin_ps));
    const hidden = t.components.length - this.rows.length;
    this.caption.textContent = `${ps(this.from)} – ${ps(this.to)} · ${this.rows.length} busiest components${hidden > 0 ? ` (${hidden} more not drawn)` : ''} · wheel zooms, drag pans, double-click resets`;
  }
}
