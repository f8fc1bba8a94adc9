import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageProblems, launchHeadlessChromium } from '../../support/chromium.js';
import { CHROMIUM, skipWithoutTools } from '../../support/system-tools.js';
import { writeHtmlReport } from '../../../api/report/index.js';
import type { RunReport } from '../../../api/run.js';
import { runWithTrace } from '../../../api/trace/record.js';

const ARTIFACTS = resolve('test-output');

let context: BrowserContext;
let page: Page;
let report: RunReport;
let file: string;
const problems: string[] = [];
const requests: string[] = [];

// The real browser CI installs (Debian's chromium), driven by playwright-core.
describe.skipIf(skipWithoutTools([CHROMIUM], 'the HTML report in headless Chromium'))(
  'the HTML report in headless Chromium',
  () => {
    beforeAll(async () => {
      const d = mkdtempSync(join(tmpdir(), 'helen-report-browser-'));
      report = runWithTrace(
        { architecture: 'architectures/examples/demo-chip.yaml', workload: 'workloads/examples/demo-ops.jsonl' },
        { file: join(d, 'demo.vcd') },
      );
      file = join(d, 'report.html');
      writeHtmlReport(file, report, { traceFile: join(d, 'demo.vcd') });
      context = await launchHeadlessChromium({ width: 1150, height: 900 });
      page = context.pages()[0] ?? (await context.newPage());
      collectPageProblems(page, problems);
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    }, 30_000);

    afterAll(async () => {
      await context?.close();
    });

    it('renders without console errors and loads nothing but itself', () => {
      expect(problems).toEqual([]);
      expect(requests).toEqual([pathToFileURL(file).href]);
    });

    it('shows every chart, each with a drawn size and one row per item', async () => {
      const ids = [
        'chart-energy-by-action',
        'chart-energy-by-type',
        'chart-energy-by-component',
        'chart-area-by-type',
        'chart-area-by-component',
        'chart-phases',
        'chart-utilisation',
        'chart-utilisation-over-time',
      ];
      expect(await page.$$eval('svg.chart', (svgs) => svgs.map((s) => s.id))).toEqual(ids);
      for (const id of ids) {
        const box = await page.locator(`#${id}`).boundingBox();
        expect(box!.width, id).toBeGreaterThan(300);
        expect(box!.height, id).toBeGreaterThan(20);
      }
      expect(await page.locator('#chart-energy-by-action g.row').count()).toBe(
        Object.keys(report.energy_by_action_pj).length,
      );
      expect(await page.locator('#chart-phases g.phase').count()).toBe(3);
      // Four units did work; the group never does.
      expect(
        await page.$$eval('#chart-utilisation-over-time g.row', (rows) =>
          rows.map((r) => r.getAttribute('data-label')),
        ),
      ).toEqual(['chip.sram', 'chip.pe[0]', 'chip.pe[1]', 'chip.pe[2]']);
    });

    it('shows the summary numbers of the run report, exactly', async () => {
      const value = async (id: string): Promise<string> =>
        (await page.locator(`#summary-${id}`).getAttribute('data-value'))!;
      expect(Number(await value('cycles'))).toBe(report.cycles);
      expect(Number(await value('time'))).toBe(report.time_ps);
      expect(Number(await value('energy'))).toBe(report.energy_pj);
      expect(Number(await value('area'))).toBe(report.area_mm2);
      expect(Number(await value('events'))).toBe(report.events);
      expect(await value('stop')).toBe('completed');
      expect(await page.locator('#summary-cycles').innerText()).toBe('114');
      expect(await page.locator('#summary-energy').innerText()).toBe('323.5 pJ');
      expect(await page.locator('#summary-area').innerText()).toBe('0.7300 mm²');
      const actions = await page.$$eval('#chart-energy-by-action g.row', (rows) =>
        rows.map((r) => [r.getAttribute('data-label'), Number(r.getAttribute('data-value'))]),
      );
      expect(Object.fromEntries(actions)).toEqual(report.energy_by_action_pj);
    });

    it('lists the phases with their cycles, and sorts a table when a header is clicked', async () => {
      const cycles = () =>
        page.$$eval('#phases tbody tr', (rows) =>
          (rows as HTMLTableRowElement[]).map((r) => [r.cells[0]!.textContent, Number(r.cells[2]!.dataset.value)]),
        );
      expect(await cycles()).toEqual(report.phases.map((p) => [p.name, p.cycles]));
      await page.locator('#phases th', { hasText: /^cycles$/ }).click();
      expect((await cycles()).map(([name]) => name)).toEqual(['compute', 'load', 'store']);
      await page.locator('#phases th', { hasText: /^cycles$/ }).click();
      expect((await cycles()).map(([name]) => name)).toEqual(['store', 'load', 'compute']);
      expect(problems).toEqual([]);
    });

    it('saves a full-page screenshot to test-output/report.png', async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      const png = join(ARTIFACTS, 'report.png');
      await page.goto(pathToFileURL(file).href); // the unsorted page
      await page.screenshot({ path: png, fullPage: true });
      const bytes = readFileSync(png);
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      expect(bytes.readUInt32BE(16)).toBe(1150); // IHDR width
      expect(bytes.readUInt32BE(20)).toBeGreaterThan(1500); // the whole page, not the viewport
    });
  },
);
