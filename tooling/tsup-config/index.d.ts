import type { Options } from 'tsup';

export interface PackageBuildOptions {
  /** Entry points, e.g. `{ index: 'src/index.ts', browser: 'src/browser.ts' }`. */
  entry: Record<string, string>;
  /** Target runtime of the bundle. @default 'node' */
  platform?: 'node' | 'browser' | 'neutral';
  /** Output formats. CLIs may want ESM only. @default ['esm', 'cjs'] */
  formats?: Array<'esm' | 'cjs'>;
}

/** The shared build preset: dual ESM/CJS, declarations for both, sourcemaps, externals from package.json. */
export function definePackageConfig(options: PackageBuildOptions): Options;
