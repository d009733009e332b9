import { defineConfig } from 'vitest/config';

/** Tests of engine behaviour; they run once per engine (test/engine.ts picks it from `engine`). */
const ENGINE_TESTS = [
  'src/scrubber.test.ts',
  'src/property.test.ts',
  'src/redos.test.ts',
  'src/corpus.test.ts',
  'src/integration.test.ts',
  'src/internal/rules.test.ts',
  'src/internal/tokens.test.ts',
];

export default defineConfig({
  test: {
    // The machine is shared: property, corpus and real-SDK tests can take seconds under load.
    testTimeout: 30_000,
    projects: [
      // Everything, on the Node engine (the root entry).
      { extends: true, test: { name: 'node', include: ['src/**/*.test.ts'], provide: { engine: 'node' } } },
      // The engine tests again, on the browser engine (`@causal-organism/scrubbing/browser`).
      { extends: true, test: { name: 'browser-engine', include: ENGINE_TESTS, provide: { engine: 'browser' } } },
    ],
  },
});
