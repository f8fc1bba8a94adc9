import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageProblems, launchHeadlessChromium } from '../../support/chromium.js';
import { CHROMIUM, skipWithoutTools } from '../../support/system-tools.js';
import { writeHtmlReport } from '../../../api/report/index.js';
import { runSimulation } from '../../../api/run.js';

const dir = mkdtempSync(join(tmpdir(), 'helen-report-families-'));
writeFileSync(join(dir, 'trace.csv'), 'TIMESTAMP,ContextTokens,GeneratedTokens\n0,64,9\n0.0001,32,1\n0.002,48,4\n');
writeFileSync(
  join(dir, 'gpt2.yaml'),
  `llm:\n  model: ${resolve('workloads/examples/llm-gpt2.config.json')}\n  requests: trace.csv\n  max_batch: 2\n`,
);

const RUNS = {
  llm: {
    architecture: 'architectures/llm-accelerator.yaml',
    workload: join(dir, 'gpt2.yaml'),
    view: '#roofline',
    table: '#table-roofline',
  },
  snn: {
    architecture: 'architectures/snn-small.yaml',
    workload: 'workloads/examples/spikes-small.csv',
    view: '#spike-raster',
    table: '#table-snn_energy_by_class',
  },
  reram: {
    architecture: 'architectures/isaac-small.yaml',
    workload: 'workloads/examples/cnn-small.yaml',
    view: undefined,
    table: '#table-reram_layers',
  },
} as const;

let context: BrowserContext;

// The real browser CI installs (Debian's chromium), driven by playwright-core.
describe.skipIf(skipWithoutTools([CHROMIUM], 'family views of the HTML report in headless Chromium'))(
  'family views of the HTML report in headless Chromium',
  () => {
    beforeAll(async () => {
      context = await launchHeadlessChromium({ width: 1150, height: 900 });
    }, 30_000);

    afterAll(async () => {
      await context?.close();
    });

    it.each(Object.entries(RUNS))(
      '%s: renders without console errors, with its results table and its chart drawn',
      async (name, run) => {
        const report = runSimulation({ architecture: run.architecture, workload: run.workload });
        const file = join(dir, `${name}.html`);
        writeHtmlReport(file, report);
        const page = await context.newPage();
        const problems: string[] = [];
        collectPageProblems(page, problems);
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        expect(problems).toEqual([]);
        const rows = await page.locator(`${run.table} tbody tr`).count();
        expect(rows).toBeGreaterThan(0);
        const table = report.workload_summary!.tables.find((t) => `#table-${t.id}` === run.table)!;
        expect(rows).toBe(table.rows.length);
        if (run.view) {
          const box = await page.locator(run.view).boundingBox();
          expect(box!.width).toBeGreaterThan(300);
          expect(box!.height).toBeGreaterThan(100);
          const points = Number(await page.locator(run.view).getAttribute('data-points'));
          expect(points).toBeGreaterThan(0);
        }
        await page.close();
      },
      60_000,
    );
  },
);
