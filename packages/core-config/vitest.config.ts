import { defineConfig } from 'vitest/config';

// Child-process tests start real Node processes with the SDK loaded (about 1 s of CPU each);
// on a loaded 2-core machine that needs more than vitest's 5 s default.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
