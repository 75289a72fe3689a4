import { configDefaults, defineConfig } from 'vitest/config';

// two projects: unit tests need no service (no Java, no Kafka, no Redis); integration tests get the real ones
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          // a metric's pure tests live in its folder (metrics/<verb>/)
          include: ['test/unit/**/*.test.ts', 'metrics/**/*.test.ts'],
          // metrics/<verb>/<verb>.integration.test.ts need the real services: they run in the integration project
          exclude: [...configDefaults.exclude, 'metrics/**/*.integration.test.ts'],
          testTimeout: 30_000,
          // the pure tests first, in seconds; then the services' tests
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'metrics/**/*.integration.test.ts'],
          // forks: embedded chDB binds one data folder per process, so each test file gets a process of its own
          pool: 'forks',
          maxWorkers: 2,
          globalSetup: ['test/helpers/global-setup.ts'],
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
