import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Three files at a time (each with its own server and browser) on two cores: most of a browser test is waiting,
    // and the suite runs twice in CI (PGlite, then PostgreSQL) within its 30 minutes.
    maxWorkers: 3,
  },
});
