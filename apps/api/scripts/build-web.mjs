// Bundles web/main.ts into dist/web/app.js for the page the api serves at GET /.
import { build } from 'esbuild';

await build({
  entryPoints: { app: 'web/main.ts' },
  outdir: 'dist/web',
  bundle: true,
  minify: true,
  // Error class names are what the fingerprints group by (ExportDownloadError), so they survive minification.
  keepNames: true,
  sourcemap: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  legalComments: 'none',
  logLevel: 'warning',
});
