import { definePackageConfig } from '@causal-organism/tsup-config';

// Isomorphic: no Node built-ins, so the browser entry of core-config can bundle it. `browser` is
// the small entry for pages (compact rule evaluator, no parser, plan or database classifiers).
export default definePackageConfig({ entry: { index: 'src/index.ts', browser: 'src/browser.ts' }, platform: 'neutral' });
