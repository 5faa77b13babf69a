import { defineConfig } from 'vitest/config';

// Two projects: `unit` holds unit, property and integration tests (loopback only);
// `e2e` drives Debian's Chromium against the whole stack. Two cores: keep workers low.
export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'apps/bot/src/**/*.test.ts',
            'apps/dashboard/src/**/*.test.ts',
            'bench/src/**/*.test.ts',
          ],
          testTimeout: 30_000,
          hookTimeout: 30_000,
          setupFiles: ['./vitest.setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/src/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
