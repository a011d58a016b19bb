import { defineConfig } from 'vitest/config';

// Server tests run twice: once on SQLite and once on a throwaway PostgreSQL (same files, same assertions).
const server = (dialect: 'sqlite' | 'postgres') => ({
  extends: true as const,
  test: {
    name: dialect,
    include: ['apps/server/**/*.test.ts'],
    globalSetup: ['apps/server/test/global-setup.ts'],
    env: { GR_TEST_DIALECT: dialect },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['packages/shared/**/*.test.ts', 'apps/web/src/**/*.test.ts'] } },
      server('sqlite'),
      server('postgres'),
    ],
  },
});
