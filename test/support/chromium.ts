import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, findProgram } from './system-tools.js';

/**
 * Debian's real chromium, headless, driven by playwright-core, in a fresh
 * profile with every background fetch off so a page's own requests are all
 * that is seen. Callers gate their tests with `skipWithoutTools([CHROMIUM], …)`.
 */
export async function launchHeadlessChromium(viewport: { width: number; height: number }): Promise<BrowserContext> {
  const executablePath = findProgram(CHROMIUM.program);
  if (executablePath === undefined) throw new Error(`${CHROMIUM.program} is not on PATH`);
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'helen-chromium-')), {
    executablePath,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Collects the page's console errors and warnings and its uncaught errors into `problems` (a clean page leaves it empty). */
export function collectPageProblems(page: Page, problems: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
}
