import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // forks: embedded chDB binds one data folder per process, so each test file gets a process of its own
    pool: 'forks',
    maxWorkers: 2,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    reporters: ['default'],
  },
});
