import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The machine is shared: property, corpus and real-SDK tests can take seconds under load.
    testTimeout: 30_000,
  },
});
