import { definePackageConfig } from '@causal-organism/tsup-config';

// Two entries, as the app starts: `node --import ./dist/instrument.js ./dist/worker.js`. ESM only:
// the app is never imported by anything else.
export default definePackageConfig({
  entry: { instrument: 'src/instrument.ts', worker: 'src/worker.ts' },
  formats: ['esm'],
});
