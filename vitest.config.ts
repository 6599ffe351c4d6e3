import { defineConfig } from 'vitest/config';

const shared = {
  pool: 'forks' as const,
  // Two workers match the two cores of the target machine.
  maxWorkers: 2,
  testTimeout: 60_000,
  hookTimeout: 120_000,
  setupFiles: ['test/support/setup.ts'],
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'suite',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/e2e/**', '**/node_modules/**'],
          // Each test file gets its own database, cloned from the seeded one the global setup makes.
          globalSetup: ['test/support/global-setup.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // The server as a process: its start-up time is part of what is tested, so it runs after the rest,
        // alone, not beside two workers and a browser competing for the same two cores.
        // One file at a time: two servers starting together would each measure the other's start-up.
        test: { ...shared, maxWorkers: 1, name: 'process', include: ['test/e2e/**/*.test.ts'], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
