import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two files at a time (each with its own server and browser): most of a browser test is waiting.
    maxWorkers: 2,
  },
});
