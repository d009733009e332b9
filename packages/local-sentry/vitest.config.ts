import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The crash test spawns the built CLI; files run one at a time on this 2-core machine.
    fileParallelism: false,
  },
});
