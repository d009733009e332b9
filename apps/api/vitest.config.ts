import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Every test file starts the api as a child process (and some start PostgreSQL, Redis and
    // Chromium); on a shared 2-core machine that takes seconds, so files run one at a time.
    testTimeout: 60_000,
    hookTimeout: 90_000,
    fileParallelism: false,
  },
});
