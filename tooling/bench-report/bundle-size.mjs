// One way to measure what code adds to a browser bundle, so every package's figure is comparable:
// esbuild, bundled, minified, browser platform, es2020, no legal comments, gzip -9.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The settings every browser-size figure in the repository is measured with. */
export const BROWSER_BUNDLE_SETTINGS = Object.freeze({
  bundle: true,
  minify: true,
  platform: 'browser',
  target: 'es2020',
  legalComments: 'none',
  write: false,
  metafile: true,
  logLevel: 'error',
});

/** @type {import('./bundle-size.d.ts').browserBundleSize} */
export async function browserBundleSize(options) {
  const result = await build({ format: 'esm', ...options, ...BROWSER_BUNDLE_SETTINGS });
  const code = result.outputFiles[0].contents;
  return {
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    code,
    inputs: Object.values(result.metafile.outputs)[0].inputs,
  };
}
