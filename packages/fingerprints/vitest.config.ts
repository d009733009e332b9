import { defineConfig } from 'vitest/config';

// Tests start real servers and a real Sentry client; on a loaded shared machine the first
// Sentry.init or a PostgreSQL start can take longer than vitest's 5 s default.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
