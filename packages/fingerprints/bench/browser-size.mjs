// What the fingerprints integration with the built-in platform rules adds to a browser bundle.
// Over dist/ (run `pnpm build` first), measured the repository's one way (bench-report/bundle-size).
// `@sentry/core` is external: a browser app already ships it inside `@sentry/browser`.
import { fileURLToPath } from 'node:url';
import { browserBundleSize } from '@causal-organism/bench-report/bundle-size';

const here = fileURLToPath(new URL('..', import.meta.url));

/** Bundles `contents` (an entry importing from dist/) and returns raw and gzip bytes. */
export async function browserSize(contents) {
  return browserBundleSize({ stdin: { contents, resolveDir: here, loader: 'js' }, external: ['@sentry/core'] });
}

/** Entries measured: what core-config's browser entry imports (the browser entry), the root entry's same names, and the whole package for scale. */
export const ENTRIES = {
  'browser entry: fingerprintRulesIntegration + built-ins': `export { fingerprintRulesIntegration, builtinRules } from './dist/browser.js';`,
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
