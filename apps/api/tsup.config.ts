import { definePackageConfig } from '@causal-organism/tsup-config';

// An app, not a library: ESM only, two entries (the instrument file is loaded with --import).
export default {
  ...definePackageConfig({ entry: { instrument: 'src/instrument.ts', server: 'src/server.ts' }, formats: ['esm'] }),
  dts: false,
};
