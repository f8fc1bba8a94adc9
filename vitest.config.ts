import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/node-file-system.setup.ts'],
    testTimeout: 60_000,
    // Set-up hooks build whole models too (a deconv value run takes seconds, more on a loaded machine).
    hookTimeout: 60_000,
    // Two files at a time even on 2 cores (vitest's default there is one): many files spend their time waiting on
    // spawned CLIs, npm and Redis, so the suite finishes in about two thirds of the single-worker time.
    maxWorkers: 2,
    // Test files share a worker's module cache instead of importing Helen afresh each (import time 93 s → 16 s; the
    // suite 375 s → 267 s). Sound because no module keeps run state: each run builds its own Session and Simulator.
    isolate: false,
  },
});
