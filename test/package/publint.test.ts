import { existsSync } from 'node:fs';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { beforeAll, describe, expect, it } from 'vitest';

// publint lints the files `npm pack` would ship (it packs with --ignore-scripts, so the prepack clean never runs here).
describe('the package as published (publint)', () => {
  beforeAll(() => {
    if (!existsSync('dist/api/index.js')) throw new Error('dist/ is missing: the test command builds first (npm test)');
  });

  it('has no packaging error, warning or suggestion', async () => {
    const { messages, pkg } = await publint({ pkgDir: '.', pack: 'npm', level: 'suggestion' });
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`)).toEqual([]);
  }, 60_000);
});
