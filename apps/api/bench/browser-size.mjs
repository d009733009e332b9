// Gzip size the kit adds to a browser bundle over plain @sentry/browser (goal: under 8 KB more).
// Both entries are bundled by esbuild with the same settings (minified, es2020, tree-shaken):
//   plain  `init` + `captureException` from @sentry/browser
//   kit    `initSentryBrowser` + `captureException` from @causal-organism/core-config/browser
//          (scrubbing, fingerprints, throttle, counters, ignore; tracing and the offline queue
//          only when the app imports them)
//   page   this app's whole web/main.ts (the kit plus tracing plus the page's own code)
// Then where the added bytes come from:
//   - minified bytes per package, from esbuild's metafile (`bytesInOutput`), kit minus plain;
//   - gzip share of scrubbing and fingerprints, measured leave-one-out: the kit bundled again with
//     that package replaced by an empty stub with the same export names; the share is the gzip
//     difference (gzip is not additive, so this is each package's marginal cost in this bundle);
//   - core-config on its own: the kit with both stubbed at once, minus plain.
// Usage: node bench/browser-size.mjs   (run `pnpm build` first: it bundles the packages' dist/)
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { recordFigures } from '@causal-organism/bench-report';
import { browserBundleSize } from '@causal-organism/bench-report/bundle-size';

const here = fileURLToPath(new URL('..', import.meta.url));
const GOAL_KB = 8;
const entries = {
  plain: `import { init, captureException } from '@sentry/browser';
init({ dsn: window.DSN });
captureException(new Error('x'));`,
  kit: `import { initSentryBrowser, captureException } from '@causal-organism/core-config/browser';
initSentryBrowser({ env: { SENTRY_DSN: window.DSN } });
captureException(new Error('x'));`,
};
// Packages measured leave-one-out, and the label of the row in the output.
const SHARES = [
  { pkg: '@causal-organism/scrubbing', id: 'scrubbing' },
  { pkg: '@causal-organism/fingerprints', id: 'fingerprints' },
];

// As scripts/build-web.mjs: error class names are what fingerprints group by, so they must survive
// minification (keepNames). It costs every bundle a few KB; the figure without it is printed too.
function bundle(options, plugins = [], keepNames = true) {
  return browserBundleSize({ ...options, keepNames, format: 'iife', absWorkingDir: here, plugins });
}

/** The package a bundled file belongs to: `@sentry/core`, or `core-config` for workspace packages. */
function packageOf(path) {
  const modules = path.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const parts = path.slice(modules + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const workspace = /(?:^|\/)(?:packages|tooling)\/([^/]+)\//.exec(path);
  return workspace ? `@causal-organism/${workspace[1]}` : path;
}

function bytesByPackage(inputs) {
  const totals = new Map();
  for (const [path, input] of Object.entries(inputs)) {
    const pkg = packageOf(path);
    totals.set(pkg, (totals.get(pkg) ?? 0) + input.bytesInOutput);
  }
  return totals;
}

/** Real directories @sentry/core was bundled from: more than one means two copies in the bundle. */
function sentryCoreCopies(inputs) {
  const dirs = new Set();
  for (const path of Object.keys(inputs)) {
    const at = path.indexOf('@sentry/core/');
    if (at !== -1) dirs.add(path.slice(0, at));
  }
  return dirs.size;
}

// The kit's dependencies resolve from core-config's own folder (pnpm keeps them there).
const requireFromKit = createRequire(
  createRequire(`${here}/package.json`).resolve('@causal-organism/core-config/package.json'),
);

/** An esbuild plugin that replaces `pkg` by a module exporting empty functions under the same names. */
async function stubPlugin(pkg) {
  let names;
  try {
    names = Object.keys(await import(pathToFileURL(requireFromKit.resolve(pkg)).href)).filter((n) => n !== 'default');
  } catch {
    return undefined; // not a dependency of the kit any more: it adds nothing
  }
  const escaped = pkg.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return {
    name: `stub-${pkg}`,
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${escaped}$`) }, () => ({ path: pkg, namespace: 'stub' }));
      b.onLoad({ filter: new RegExp(`^${escaped}$`), namespace: 'stub' }, () => ({
        // Local names, exported under the real ones (some, like valibot's `enum`, are reserved words).
        contents: names.map((n, i) => `function s${i}() {}\nexport { s${i} as ${JSON.stringify(n)} };`).join('\n'),
        loader: 'js',
        resolveDir: dirname(requireFromKit.resolve(pkg)),
      }));
    },
  };
}

const sizes = {};
for (const [name, contents] of Object.entries(entries)) {
  sizes[name] = await bundle({ stdin: { contents, resolveDir: here, loader: 'js' } });
}
sizes.page = await bundle({ entryPoints: ['web/main.ts'] });

const kb = (n) => (n / 1024).toFixed(1);
const signedKb = (n) => `${n >= 0 ? '+' : ''}${kb(n)}`;
console.log(`esbuild, minified, es2020, gzip -9, node ${process.version}`);
console.table(
  Object.entries(sizes).map(([name, s]) => ({
    bundle: name,
    'raw KB': kb(s.raw),
    'gzip KB': kb(s.gzip),
    'gzip KB over plain': name === 'plain' ? '-' : signedKb(s.gzip - sizes.plain.gzip),
  })),
);
const added = sizes.kit.gzip - sizes.plain.gzip;

// Where the kit's bytes come from.
const kitStdin = { stdin: { contents: entries.kit, resolveDir: here, loader: 'js' } };
const bundled = (pkg) => Object.keys(sizes.kit.inputs).some((path) => packageOf(path) === pkg);
const stubs = new Map();
for (const { pkg } of SHARES) {
  const plugin = bundled(pkg) ? await stubPlugin(pkg) : undefined;
  if (plugin !== undefined) stubs.set(pkg, plugin);
}
const shares = new Map();
for (const { pkg } of SHARES) {
  shares.set(pkg, stubs.has(pkg) ? sizes.kit.gzip - (await bundle(kitStdin, [stubs.get(pkg)])).gzip : 0);
}
// core-config on its own: the kit with every measured package stubbed out at once.
const kitAlone = (await bundle(kitStdin, [...stubs.values()])).gzip - sizes.plain.gzip;
const plainBytes = bytesByPackage(sizes.plain.inputs);
const kitBytes = bytesByPackage(sizes.kit.inputs);
const rows = [...new Set([...plainBytes.keys(), ...kitBytes.keys()])]
  .map((pkg) => ({ pkg, delta: (kitBytes.get(pkg) ?? 0) - (plainBytes.get(pkg) ?? 0) }))
  // A few bytes either way are minified names shifting, not code.
  .filter((row) => Math.abs(row.delta) >= 64 && row.pkg !== '<stdin>')
  .sort((a, b) => b.delta - a.delta);
console.log('\nwhat the kit adds, by package (kit minus plain):');
console.table(
  rows.map(({ pkg, delta }) => ({
    package: pkg,
    'minified KB': signedKb(delta),
    'gzip KB (leave-one-out)': shares.has(pkg) ? kb(shares.get(pkg)) : '',
  })),
);
const share = (id) => kb(shares.get(SHARES.find((s) => s.id === id).pkg));
const breakdown =
  `scrubbing ${share('scrubbing')} KB, fingerprints ${share('fingerprints')} KB (each leave-one-out; ` +
  `both together ${kb(added - kitAlone)} KB), core-config without them ${kb(kitAlone)} KB`;
console.log(`gzip: ${breakdown}`);
// Modules of @sentry/* the kit pulls in that plain init does not (tracing, offline queue, ...).
const extraSentry = Object.entries(sizes.kit.inputs)
  .filter(([path, input]) => path.includes('@sentry/') && !(path in sizes.plain.inputs) && input.bytesInOutput > 0)
  .map(([path, input]) => `${path.slice(path.lastIndexOf('@sentry/'))} (${input.bytesInOutput} B)`);
console.log(`@sentry/* modules only the kit bundles: ${extraSentry.length === 0 ? 'none' : extraSentry.join(', ')}`);
const copies = sentryCoreCopies(sizes.kit.inputs);
console.log(`copies of @sentry/core in the kit bundle: ${copies}`);

// esbuild's default (names minified), for comparison with figures measured that way: the issue's
// "plain init plus captureException is about 30 KB gzip" is this plain figure.
const plainNoNames = await bundle({ stdin: { contents: entries.plain, resolveDir: here, loader: 'js' } }, [], false);
const kitNoNames = await bundle(kitStdin, [], false);
console.log(
  `without keepNames: plain ${kb(plainNoNames.gzip)} KB, kit ${kb(kitNoNames.gzip)} KB, ` +
    `the kit adds ${kb(kitNoNames.gzip - plainNoNames.gzip)} KB gzip`,
);

const met = added < GOAL_KB * 1024;
console.log(`\nthe kit adds ${kb(added)} KB gzip over plain @sentry/browser (goal < ${GOAL_KB} KB): ${met ? 'MET' : 'NOT MET'}`);

const command = 'pnpm build && node bench/browser-size.mjs';
recordFigures(
  [
    {
      id: 'browser-kit-size',
      figure: 'kit size added to a browser bundle',
      result: `+${kb(added)} KB gzip`,
      baseline: `plain \`@sentry/browser\` ${kb(sizes.plain.gzip)} KB`,
      goal: `< ${GOAL_KB} KB`,
      met,
      command,
    },
    {
      id: 'browser-kit-size-breakdown',
      figure: 'kit browser bytes by part (gzip, leave-one-out)',
      result: breakdown,
      baseline: '—',
      goal: '—',
      met: null,
      command,
    },
  ],
  { source: 'apps/api' },
);
if (copies > 1) process.exitCode = 1;
