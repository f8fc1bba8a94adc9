// Regenerates docs/img/report-demo.png and docs/img/report-timeline.png: the
// demo chip's HTML report, with a trace, in headless Debian chromium driven by
// playwright-core (as test/api/report/browser.test.ts does). No network needed.
//   npm run build && node docs/img/make-screenshots.mjs
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { writeHtmlReport } from '../../dist/api/report/index.js';
import { runWithTrace } from '../../dist/api/trace/record.js';

const out = resolve('docs/img');
const [arch, ops] = [resolve('architectures/examples/demo-chip.yaml'), resolve('workloads/examples/demo-ops.jsonl')];
// Work beside the files with short names: the page names its trace as it was given.
const d = mkdtempSync(join(tmpdir(), 'helen-screenshots-'));
process.chdir(d);
const trace = 'demo.vcd';
const report = runWithTrace({ architecture: arch, workload: ops }, { file: trace });
const page_ = resolve('report.html');
writeHtmlReport(page_, report, { traceFile: trace });
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'helen-chromium-')), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1150, height: 1180 },
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(pathToFileURL(page_).href, { waitUntil: 'load' });
  await page.screenshot({ path: join(out, 'report-demo.png') });
  await page.locator('#utilisation').screenshot({ path: join(out, 'report-timeline.png') });
} finally {
  await context.close();
}
process.stdout.write('wrote docs/img/report-demo.png and docs/img/report-timeline.png\n');
