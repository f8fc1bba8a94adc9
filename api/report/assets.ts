/** The report page's stylesheet: inline, so the file is the whole report. */
export const CSS = `
:root { --fg: #1d2330; --muted: #5b6474; --line: #d9dee7; --accent: #4e79a7; --bg: #fff; --card: #f5f7fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 18px 0 6px; color: var(--muted); font-weight: 600; }
.sub, .note { color: var(--muted); }
.note { font-size: 13px; margin: 6px 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin: 16px 0; }
.card { background: var(--card); border-radius: 6px; padding: 10px 12px; }
.card dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card dd { margin: 2px 0 0; font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; }
.stopped dd { color: #c0392b; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 4px 0 10px; }
svg .label, svg .value, svg .tick { font-size: 12px; fill: var(--fg); }
svg .tick { fill: var(--muted); font-size: 11px; }
svg .on-bar { font-size: 12px; fill: #fff; font-weight: 600; }
svg .axis { stroke: var(--muted); stroke-width: 1; }
svg .track { fill: #f0f3f7; }
svg .mark { stroke: #e15759; stroke-width: 1; stroke-dasharray: 3 2; }
svg .row:hover .bar { opacity: .8; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; margin: 6px 0 12px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
th { background: var(--card); font-weight: 600; cursor: pointer; user-select: none; }
th[aria-sort="ascending"]::after { content: " ▲"; }
th[aria-sort="descending"]::after { content: " ▼"; }
td.counters { white-space: normal; font-size: 12px; color: var(--muted); min-width: 220px; }
svg.chart rect { shape-rendering: crispEdges; }
details summary { cursor: pointer; color: var(--accent); margin: 8px 0; }
.scroll { max-height: 520px; overflow: auto; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print { details { display: block; } .scroll { max-height: none; } }
`;

/**
 * The page's only script: click a table header to sort by that column.
 * Numeric cells sort by their exact `data-value`, not by the formatted text.
 */
export const SCRIPT = `
for (const table of document.querySelectorAll('table.sortable')) {
  const heads = [...table.tHead.rows[0].cells];
  heads.forEach((th, col) => th.addEventListener('click', () => {
    const down = th.getAttribute('aria-sort') !== 'descending';
    heads.forEach((h) => h.removeAttribute('aria-sort'));
    th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
    const key = (row) => { const c = row.cells[col]; return c.dataset.value !== undefined ? Number(c.dataset.value) : c.textContent; };
    const rows = [...table.tBodies[0].rows].sort((a, b) => { const x = key(a), y = key(b); const d = typeof x === 'number' ? x - y : String(x).localeCompare(String(y)); return down ? -d : d; });
    table.tBodies[0].append(...rows);
  }));
}
`;
