import { definePackageConfig } from '@causal-organism/tsup-config';

// Two entries: the library, and the `local-sentry` CLI that `bin` points at.
export default definePackageConfig({ entry: { index: 'src/index.ts', cli: 'src/cli.ts' } });
