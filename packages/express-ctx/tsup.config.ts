import { definePackageConfig } from '@causal-organism/tsup-config';

export default definePackageConfig({ entry: { index: 'src/index.ts' } });
