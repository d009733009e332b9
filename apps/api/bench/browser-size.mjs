// Gzip size the kit adds to a browser bundle over plain @sentry/browser (goal: under 8 KB more).
// Both entries are bundled by esbuild with the same settings (minified, es2020, tree-shaken):
//   plain  `init` + `captureException` from @sentry/browser
//   kit    `initSentryBrowser` + `captureException` from @causal-organism/core-config/browser
//          (scrubbing, fingerprints, throttle, counters, ignore; tracing and the offline queue
//          only when the app imports them)
//   page   this app's whole web/main.ts (the kit plus tracing plus the page's own code)
// Every figure is measured twice:
//   - without keepNames (esbuild's default): the goal's figure, measured as the baseline
//     was ("plain init plus captureException is about 30 KB gzip");
//   - with keepNames, as scripts/build-web.mjs builds the page: error class names are what
//     fingerprints group by (`{{ error.type }}`), so a real page keeps them, at a few KB.
// Then where the added bytes come from:
//   - minified bytes per package, from esbuild's metafile (`bytesInOutput`), kit minus plain;
//   - gzip share of scrubbing and fingerprints, measured leave-one-out: the kit bundled again with
//     that package (any entry of it) replaced by an empty stub with the same export names; the
//     share is the gzip difference (gzip is not additive, so this is each package's marginal cost);
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
// Packages measured leave-one-out (every entry of them: `pkg` and `pkg/browser`), and row labels.
const SHARES = [
  { pkg: '@causal-organism/scrubbing', id: 'scrubbing' },
  { pkg: '@causal-organism/fingerprints', id: 'fingerprints' },
];

function bundle(options, { plugins = [], keepNames }) {
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

/**
 * An esbuild plugin that replaces `pkg` and its subpath entries (`pkg/browser`) by modules exporting
 * empty functions under the same names as the entry imported.
 */
function stubPlugin(pkg) {
  const escaped = pkg.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const filter = new RegExp(`^${escaped}(?:/[\\w-]+)?$`);
  return {
    name: `stub-${pkg}`,
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'stub' }));
      b.onLoad({ filter, namespace: 'stub' }, async (args) => {
        const file = requireFromKit.resolve(args.path);
        const names = Object.keys(await import(pathToFileURL(file).href)).filter((n) => n !== 'default');
        return {
          // Local names, exported under the real ones (some, like valibot's `enum`, are reserved words).
          contents: names.map((n, i) => `function s${i}() {}\nexport { s${i} as ${JSON.stringify(n)} };`).join('\n'),
          loader: 'js',
          resolveDir: dirname(file),
        };
      });
    },
  };
}

const kb = (n) => (n / 1024).toFixed(1);
const signedKb = (n) => `${n >= 0 ? '+' : ''}${kb(n)}`;
const stdin = (contents) => ({ stdin: { contents, resolveDir: here, loader: 'js' } });

/** Every figure for one keepNames setting. */
async function measure(keepNames) {
  const sizes = {};
  for (const [name, contents] of Object.entries(entries)) sizes[name] = await bundle(stdin(contents), { keepNames });
  sizes.page = await bundle({ entryPoints: ['web/main.ts'] }, { keepNames });
  const bundled = (pkg) => Object.keys(sizes.kit.inputs).some((path) => packageOf(path) === pkg);
  const stubs = new Map(SHARES.filter(({ pkg }) => bundled(pkg)).map(({ pkg }) => [pkg, stubPlugin(pkg)]));
  const shares = new Map();
  for (const { pkg } of SHARES) {
    // Not bundled any more: it adds nothing.
    shares.set(pkg, stubs.has(pkg) ? sizes.kit.gzip - (await bundle(stdin(entries.kit), { keepNames, plugins: [stubs.get(pkg)] })).gzip : 0);
  }
  // core-config on its own: the kit with every measured package stubbed out at once.
  const kitAlone = (await bundle(stdin(entries.kit), { keepNames, plugins: [...stubs.values()] })).gzip - sizes.plain.gzip;
  const added = sizes.kit.gzip - sizes.plain.gzip;
  const share = (id) => kb(shares.get(SHARES.find((s) => s.id === id).pkg));
  const breakdown =
    `scrubbing ${share('scrubbing')} KB, fingerprints ${share('fingerprints')} KB (each leave-one-out; ` +
    `both together ${kb(added - kitAlone)} KB), core-config without them ${kb(kitAlone)} KB`;
  return { sizes, shares, added, kitAlone, breakdown };
}

const runs = { plain: await measure(false), keepNames: await measure(true) };

console.log(`esbuild, minified, es2020, gzip -9, node ${process.version}`);
console.table(
  Object.keys(runs.plain.sizes).map((name) => {
    const row = { bundle: name };
    for (const [setting, { sizes }] of Object.entries(runs)) {
      const label = setting === 'plain' ? '' : ' keepNames';
      row[`raw KB${label}`] = kb(sizes[name].raw);
      row[`gzip KB${label}`] = kb(sizes[name].gzip);
      row[`over plain${label}`] = name === 'plain' ? '-' : signedKb(sizes[name].gzip - sizes.plain.gzip);
    }
    return row;
  }),
);

// Where the kit's bytes come from (the goal's setting: no keepNames).
const { sizes, shares } = runs.plain;
const plainBytes = bytesByPackage(sizes.plain.inputs);
const kitBytes = bytesByPackage(sizes.kit.inputs);
const rows = [...new Set([...plainBytes.keys(), ...kitBytes.keys()])]
  .map((pkg) => ({ pkg, delta: (kitBytes.get(pkg) ?? 0) - (plainBytes.get(pkg) ?? 0) }))
  // A few bytes either way are minified names shifting, not code.
  .filter((row) => Math.abs(row.delta) >= 64 && row.pkg !== '<stdin>')
  .sort((a, b) => b.delta - a.delta);
console.log('\nwhat the kit adds, by package (kit minus plain, without keepNames):');
console.table(
  rows.map(({ pkg, delta }) => ({
    package: pkg,
    'minified KB': signedKb(delta),
    'gzip KB (leave-one-out)': shares.has(pkg) ? kb(shares.get(pkg)) : '',
    'gzip KB keepNames': runs.keepNames.shares.has(pkg) ? kb(runs.keepNames.shares.get(pkg)) : '',
  })),
);
console.log(`gzip: ${runs.plain.breakdown}`);
console.log(`gzip with keepNames: ${runs.keepNames.breakdown}`);
// Modules of @sentry/* the kit pulls in that plain init does not (tracing, offline queue, ...).
const extraSentry = Object.entries(sizes.kit.inputs)
  .filter(([path, input]) => path.includes('@sentry/') && !(path in sizes.plain.inputs) && input.bytesInOutput > 0)
  .map(([path, input]) => `${path.slice(path.lastIndexOf('@sentry/'))} (${input.bytesInOutput} B)`);
console.log(`@sentry/* modules only the kit bundles: ${extraSentry.length === 0 ? 'none' : extraSentry.join(', ')}`);
const copies = Math.max(sentryCoreCopies(sizes.kit.inputs), sentryCoreCopies(runs.keepNames.sizes.kit.inputs));
console.log(`copies of @sentry/core in the kit bundle: ${copies}`);

const added = runs.plain.added;
const addedNames = runs.keepNames.added;
const met = added < GOAL_KB * 1024;
console.log(
  `\nthe kit adds ${kb(added)} KB gzip over plain @sentry/browser ${kb(sizes.plain.gzip)} KB (goal < ${GOAL_KB} KB): ${met ? 'MET' : 'NOT MET'}` +
    `\nwith keepNames (as the page is built): +${kb(addedNames)} KB over ${kb(runs.keepNames.sizes.plain.gzip)} KB`,
);

const command = 'pnpm build && node bench/browser-size.mjs';
recordFigures(
  [
    {
      id: 'browser-kit-size',
      figure: 'kit size added to a browser bundle (esbuild defaults, as the issue measured plain)',
      result: `+${kb(added)} KB gzip`,
      baseline: `plain \`@sentry/browser\` ${kb(sizes.plain.gzip)} KB`,
      goal: `< ${GOAL_KB} KB`,
      met,
      command,
    },
    {
      id: 'browser-kit-size-keepnames',
      figure: 'kit size added to a browser bundle with keepNames (error type names kept for fingerprints)',
      result: `+${kb(addedNames)} KB gzip`,
      baseline: `plain \`@sentry/browser\` ${kb(runs.keepNames.sizes.plain.gzip)} KB, keepNames`,
      goal: '—',
      met: null,
      command,
    },
    {
      id: 'browser-kit-size-breakdown',
      figure: 'kit browser bytes by part (gzip, leave-one-out)',
      result: `${runs.plain.breakdown}; with keepNames: ${runs.keepNames.breakdown}`,
      baseline: '—',
      goal: '—',
      met: null,
      command,
    },
  ],
  { source: 'apps/api' },
);
if (copies > 1) process.exitCode = 1;
