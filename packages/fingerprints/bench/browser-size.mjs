// What the fingerprints integration with the built-in platform rules adds to a browser bundle.
// esbuild over dist/ (run `pnpm build` first), minified, browser platform, es2020, gzip -9.
// `@sentry/core` is external: a browser app already ships it inside `@sentry/browser`.
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('..', import.meta.url));

/** Bundles `contents` (an entry importing from dist/) and returns raw and gzip bytes. */
export async function browserSize(contents) {
  const result = await build({
    stdin: { contents, resolveDir: here, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    external: ['@sentry/core'],
    legalComments: 'none',
    write: false,
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  return { raw: code.length, gzip: gzipSync(code, { level: 9 }).length, code };
}

/** Entries measured: what core-config's browser entry imports, and the whole package for scale. */
export const ENTRIES = {
  'fingerprintRulesIntegration + built-ins': `export { fingerprintRulesIntegration, builtinRules } from './dist/index.js';`,
  'fingerprintIntegration + built-ins': `export { fingerprintIntegration, builtinRules } from './dist/index.js';`,
  'whole package': `export * from './dist/index.js';`,
};

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, contents] of Object.entries(ENTRIES)) {
    const s = await browserSize(contents);
    console.log(`${name.padEnd(60)} raw ${(s.raw / 1024).toFixed(1).padStart(6)} KB  gzip ${(s.gzip / 1024).toFixed(2).padStart(6)} KB`);
  }
}
