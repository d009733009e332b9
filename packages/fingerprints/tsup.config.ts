import { definePackageConfig } from '@causal-organism/tsup-config';

// Isomorphic: no Node built-ins, so the browser entry of core-config can bundle it.
export default definePackageConfig({ entry: { index: 'src/index.ts' }, platform: 'neutral' });
