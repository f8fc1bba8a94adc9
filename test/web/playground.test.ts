import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareArchitectures } from '../../api/compare.js';
import { runSimulation, type RunReport } from '../../api/run.js';
import { serveStatic } from '../../web/serve.mjs';
import { EXAMPLES } from '../../web/examples.js';
import { collectPageProblems, launchHeadlessChromium } from '../support/chromium.js';
import { CHROMIUM, skipWithoutTools } from '../support/system-tools.js';

const OUT = resolve('test-output', `web-playground-${process.pid}`);

/** What the page exposes as `window.helenPlayground` (web/main.ts). */
interface PlaygroundState {
  status: string;
  runs: number;
  lastReport?: RunReport;
  lastComparison?: { total: unknown; phases: unknown[] };
  architectureProblems: { line?: number; column?: number; code: string; text: string }[];
  firstRunMs?: number;
}

/** A report without its wall-clock figures (`wall_s`, `events_per_s`, a family's `…_per_wall_s`), the only ones that differ between runs of the same design. */
function comparable(r: RunReport): unknown {
  const { wall_s: _wall, events_per_s: _rate, ...rest } = r;
  return JSON.parse(JSON.stringify(rest), (key, value: unknown) =>
    Array.isArray(value) && key === 'metrics'
      ? value.filter((m: { name?: string }) => !/wall/.test(m.name ?? ''))
      : value,
  );
}

let server: Server;
let context: BrowserContext;
let page: Page;
let url: string;
const problems: string[] = [];

/** The page's state, through JSON (Playwright's own serialiser takes seconds on a comparison's two reports). */
async function state(p: Page = page): Promise<PlaygroundState> {
  const json = await p.evaluate(() =>
    JSON.stringify((window as unknown as { helenPlayground: PlaygroundState }).helenPlayground),
  );
  return JSON.parse(json) as PlaygroundState;
}

/** Runs finished so far. */
async function runs(p: Page = page): Promise<number> {
  return p.evaluate(() => (window as unknown as { helenPlayground: PlaygroundState }).helenPlayground.runs);
}

/**
 * Clicks `button`, computes `meanwhile` (the api's reference run, overlapping the browser's) and waits until the
 * page has finished one more run.
 */
async function runBy<T = undefined>(
  button: string,
  meanwhile?: () => T,
  p: Page = page,
): Promise<{ s: PlaygroundState; expected: T }> {
  const before = await runs(p);
  await p.click(button);
  const expected = meanwhile?.() as T;
  await p.waitForFunction(
    (n) => (window as unknown as { helenPlayground: PlaygroundState }).helenPlayground.runs > n,
    before,
    { timeout: 60_000 },
  );
  return { s: await state(p), expected };
}

describe.skipIf(skipWithoutTools([CHROMIUM], 'the browser playground in headless Chromium'))(
  'the browser playground in headless Chromium',
  () => {
    beforeAll(async () => {
      const build = spawnSync(process.execPath, ['web/build.mjs', OUT], { encoding: 'utf8' });
      expect(build.status, build.stderr).toBe(0);
      process.stdout.write(build.stdout);
      server = await serveStatic(OUT, 0);
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
      context = await launchHeadlessChromium({ width: 1400, height: 1000 });
      page = context.pages()[0] ?? (await context.newPage());
      collectPageProblems(page, problems);
    }, 60_000);

    afterAll(async () => {
      await context?.close();
      server?.close();
    });

    it('opens on the demo chip and runs it (trace on) to the JSON report the api gives, all figures equal', async () => {
      await page.goto(url);
      await page.waitForFunction(
        () => (window as unknown as { helenPlayground: PlaygroundState }).helenPlayground.runs >= 1,
      );
      const s = await state();
      expect(s.status, JSON.stringify(s)).toBe('done');
      const cli = runSimulation({ architecture: EXAMPLES[0]!.architecture, workload: EXAMPLES[0]!.workload });
      expect(comparable(s.lastReport!)).toEqual(comparable(cli));
      process.stdout.write(
        `playground: first run of the demo chip done ${s.firstRunMs!.toFixed(0)} ms after navigation\n`,
      );
      // Generous on a shared 2-core machine; the measured figure is printed above.
      expect(s.firstRunMs!).toBeLessThan(20_000);
      expect(await page.locator('#figure-cycles').textContent()).toBe(
        cli.cycles.toLocaleString('en-US').replace(/,/g, ' '),
      );
      // The report page, the timeline and the three downloads are there.
      expect(await page.locator('#downloads a').allTextContents()).toEqual([
        'JSON report',
        'VCD trace',
        'Perfetto trace',
      ]);
      await expect.poll(() => page.locator('#timeline-box').isVisible()).toBe(true);
      const heading = page.frameLocator('#report').locator('h1');
      expect(await heading.textContent()).toBe('demo-chip on demo-ops.jsonl');
      await page.screenshot({ path: join(OUT, 'playground.png') });
      expect(problems).toEqual([]);
    });

    it('an unknown key typed into the architecture is shown as Helen’s located error at its line', async () => {
      const lines = await page.locator('#architecture-editor .cm-line').count();
      await page.click('#architecture-editor .cm-content');
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\nbogus_key: 1');
      await page.waitForFunction(
        () =>
          (window as unknown as { helenPlayground: PlaygroundState }).helenPlayground.architectureProblems.length > 0,
        null,
        { timeout: 20_000 },
      );
      const found = (await state()).architectureProblems;
      expect(found.map((p) => p.code)).toContain('E_UNKNOWN_KEY');
      const unknown = found.find((p) => p.code === 'E_UNKNOWN_KEY')!;
      // The editor ended with an empty line: the typed key is on the line after it.
      expect(unknown.line).toBe(lines + 1);
      expect(unknown.column).toBe(1);
      await expect.poll(() => page.locator('#architecture-editor .cm-lint-marker-error').count()).toBeGreaterThan(0);
    });

    it('the architecture editor completes keys and explains them on hover from Helen’s JSON Schema', async () => {
      await page.selectOption('#example', '0');
      const clock = page.locator('#architecture-editor .cm-line', { hasText: 'clock: 1GHz' }).first();
      // Scrolled back to the top after the edit at the end; the pointer comes from elsewhere so that it moves.
      await clock.scrollIntoViewIfNeeded();
      await page.mouse.move(0, 0);
      const box = (await clock.boundingBox())!;
      await page.mouse.move(box.x + 10, box.y + box.height / 2, { steps: 3 });
      await expect
        .poll(() => page.locator('.cm-tooltip').allTextContents())
        .toEqual([expect.stringContaining('main clock')]);
      await page.click('#architecture-editor .cm-content');
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('Enter');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.type('desc');
      await page.keyboard.press('Control+Space');
      await expect
        .poll(() => page.locator('.cm-tooltip-autocomplete li').allTextContents())
        .toContainEqual(expect.stringMatching(/^description/));
    });

    it('a shared link carries architecture, workload and overrides: opened afresh it reruns the same design', async () => {
      await page.selectOption('#example', '0');
      await page.fill('#overrides', 'op_energy=3pJ');
      await page.click('#share');
      await page.waitForFunction(() => location.hash.startsWith('#design='));
      const link = page.url();
      const other = await context.newPage();
      await other.goto(link);
      await other.waitForFunction(
        () => (window as unknown as { helenPlayground: PlaygroundState }).helenPlayground.runs >= 1,
      );
      const s = await state(other);
      expect(await other.inputValue('#overrides')).toBe('op_energy=3pJ');
      const cli = runSimulation({
        architecture: EXAMPLES[0]!.architecture,
        workload: EXAMPLES[0]!.workload,
        overrides: new Map([['op_energy', '3pJ']]),
      });
      expect(comparable(s.lastReport!)).toEqual(comparable(cli));
      // The override took: the same design without it uses less energy.
      expect(cli.energy_pj).toBeGreaterThan(
        runSimulation({ architecture: EXAMPLES[0]!.architecture, workload: EXAMPLES[0]!.workload }).energy_pj,
      );
      await other.close();
    });

    it('every shipped example opens from the menu and runs (RED: compares) to the api’s figures', async () => {
      await page.uncheck('#trace');
      await page.fill('#overrides', '');
      for (const [i, e] of EXAMPLES.entries()) {
        await page.selectOption('#example', String(i));
        expect(await page.locator('#architecture-path').textContent()).toBe(e.architecture);
        expect(await page.locator('#workload-path').textContent()).toBe(e.workload);
        if (e.architectureB) {
          // Compare (api compare in the worker): RED against zero insertion, phase by phase.
          expect(await page.inputValue('#architecture-b')).toBe(e.architectureB);
          const { s, expected } = await runBy('#compare', () =>
            compareArchitectures(e.architecture, e.architectureB!, { workload: e.workload }),
          );
          expect(s.status, e.title).toBe('done');
          expect(s.lastComparison!.total).toEqual(expected.total);
          expect(s.lastComparison!.phases).toEqual(expected.phases);
          expect(await page.locator('#comparison-total .speedup').textContent()).toBe(
            `${expected.total.speedup.toFixed(2)}×`,
          );
          continue;
        }
        const { s, expected } = await runBy('#run', () =>
          runSimulation({ architecture: e.architecture, workload: e.workload }),
        );
        expect(s.status, `${e.title}: ${JSON.stringify(s.lastReport ?? s)}`).toBe('done');
        expect(comparable(s.lastReport!), e.title).toEqual(comparable(expected));
      }
      expect(problems).toEqual([]);
    }, 90_000);

    it('Stop terminates a running simulation; the next run starts afresh', async () => {
      await page.selectOption('#example', String(EXAMPLES.findIndex((e) => e.workload.includes('llm'))));
      const before = await runs();
      await page.click('#run');
      await page.waitForFunction(() => (document.getElementById('stop') as HTMLButtonElement).disabled === false);
      await page.click('#stop');
      await page.waitForFunction(
        (n) => (window as unknown as { helenPlayground: PlaygroundState }).helenPlayground.runs > n,
        before,
      );
      expect((await state()).status).toBe('failed');
      expect(await page.locator('#status-text').textContent()).toBe('stopped');
      await page.selectOption('#example', '0');
      expect((await runBy('#run')).s.status).toBe('done');
    });

    it('a workload opened from disk runs as the same file does in the api', async () => {
      const text = readFileSync(EXAMPLES[0]!.workload, 'utf8').replace('"count": 10', '"count": 12');
      await page.setInputFiles('#open', { name: 'mine.jsonl', mimeType: 'text/plain', buffer: Buffer.from(text) });
      // The page reads the file asynchronously.
      await expect.poll(() => page.locator('#workload-path').textContent()).toBe('uploads/mine.jsonl');
      const { s } = await runBy('#run');
      const dir = mkdtempSync(join(tmpdir(), 'helen-playground-'));
      writeFileSync(join(dir, 'mine.jsonl'), text);
      const cli = runSimulation({ architecture: EXAMPLES[0]!.architecture, workload: join(dir, 'mine.jsonl') });
      expect(comparable(s.lastReport!)).toEqual(comparable(cli));
    });
  },
);
