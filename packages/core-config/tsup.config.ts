import { definePackageConfig } from '@causal-organism/tsup-config';

export default definePackageConfig({
  entry: { index: 'src/index.ts', browser: 'src/browser.ts', pino: 'src/pino.ts' },
});
