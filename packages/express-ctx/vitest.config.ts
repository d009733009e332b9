import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The tests start real servers as child processes; on a shared 2-core machine start-up alone
    // can take seconds, and running files one at a time keeps them from starving each other.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
