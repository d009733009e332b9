import { definePackageConfig } from '@causal-organism/tsup-config';

// `neutral`: the engine is isomorphic (no Node built-ins), so one build serves Node and browsers.
export default definePackageConfig({ entry: { index: 'src/index.ts' }, platform: 'neutral' });
