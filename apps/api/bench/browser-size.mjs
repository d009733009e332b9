// Gzip size the kit adds to a browser bundle over plain @sentry/browser (goal: under 8 KB more).
// Both entries are bundled by esbuild with the same settings (minified, es2020, tree-shaken):
//   plain  `init` + `captureException` from @sentry/browser
//   kit    `initSentryBrowser` + `captureException` from @causal-organism/core-config/browser
//          (scrubbing, fingerprints, throttle, counters, offline queue, tracing when configured)
//   page   this app's whole web/main.ts (the kit plus the page's own code)
// Usage: node bench/browser-size.mjs   (run `pnpm build` first: it bundles the packages' dist/)
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('..', import.meta.url));
const entries = {
  plain: `import { init, captureException } from '@sentry/browser';
init({ dsn: window.DSN });
captureException(new Error('x'));`,
  kit: `import { initSentryBrowser, captureException } from '@causal-organism/core-config/browser';
initSentryBrowser({ env: { SENTRY_DSN: window.DSN } });
captureException(new Error('x'));`,
};

async function bundle(options) {
  const result = await build({
    ...options,
    bundle: true,
    minify: true,
    keepNames: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    legalComments: 'none',
    write: false,
    absWorkingDir: here,
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  return { raw: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const sizes = {};
for (const [name, contents] of Object.entries(entries)) {
  sizes[name] = await bundle({ stdin: { contents, resolveDir: here, loader: 'js' } });
}
sizes.page = await bundle({ entryPoints: ['web/main.ts'] });

const kb = (n) => (n / 1024).toFixed(1);
console.log(`esbuild, minified, es2020, gzip -9, node ${process.version}`);
console.table(
  Object.entries(sizes).map(([name, s]) => ({
    bundle: name,
    'raw KB': kb(s.raw),
    'gzip KB': kb(s.gzip),
    'gzip KB over plain': name === 'plain' ? '-' : `+${kb(s.gzip - sizes.plain.gzip)}`,
  })),
);
const added = sizes.kit.gzip - sizes.plain.gzip;
console.log(`the kit adds ${kb(added)} KB gzip over plain @sentry/browser (goal < 8 KB): ${added < 8 * 1024 ? 'MET' : 'NOT MET'}`);
