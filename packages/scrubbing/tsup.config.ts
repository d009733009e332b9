import { definePackageConfig } from '@causal-organism/tsup-config';

// `neutral`: both engines are isomorphic (no Node built-ins). `browser` is the small engine for
// browser bundles (`@causal-organism/scrubbing/browser`); `index` the fast one.
export default definePackageConfig({ entry: { index: 'src/index.ts', browser: 'src/browser.ts' }, platform: 'neutral' });
