import { defineConfig } from 'vitest/config';

// Server tests: real PGlite by default, real PostgreSQL when DATABASE_URL is set (a fresh database per
// test file, cloned from a migrated template made once in globalSetup).
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'cli/**/*.test.ts', 'shared/**/*.test.ts', 'web/*.test.ts'],
    globalSetup: ['server/test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
