import { defineConfig } from 'vitest/config';

// Every test starts the real worker (Node + the Sentry SDK + BullMQ) as a child process against a
// real redis-server; on a loaded 2-core machine that needs more than vitest's 5 s default.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
