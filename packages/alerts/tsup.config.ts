import { definePackageConfig } from '@causal-organism/tsup-config';

// `cli` is a second bundle that only bin/sentry-alerts.mjs loads; it is not part of the exports map.
export default definePackageConfig({ entry: { index: 'src/index.ts', cli: 'src/cli/index.ts' } });
