import type { BuildOptions, Metafile } from 'esbuild';

/** Bundled, minified, browser platform, es2020, no legal comments; the caller cannot change these. */
export declare const BROWSER_BUNDLE_SETTINGS: Readonly<BuildOptions>;

export interface BundleSize {
  /** Minified bytes. */
  raw: number;
  /** Bytes after gzip -9. */
  gzip: number;
  code: Uint8Array;
  /** Per input file, the bytes it contributes to the output (esbuild's metafile). */
  inputs: Metafile['outputs'][string]['inputs'];
}

/**
 * Bundles an entry (`stdin` or `entryPoints`, plus `external`, `format` (default esm), `keepNames`,
 * `plugins`, `absWorkingDir`) with {@link BROWSER_BUNDLE_SETTINGS} and returns its sizes.
 */
export function browserBundleSize(options: BuildOptions): Promise<BundleSize>;
