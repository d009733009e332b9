// How small can the browser engine get without a different design? Bundles the browser entry's
// engine from source (what `bench/run.mjs` measures from dist/) again and again, each time with one
// more thing taken out, and prints the gzip size of each step against the 6 KB goal:
//   1. as shipped;
//   2. the token catalogue cut to the minimum of 30 formats (the first 30 of the list);
//   3. and no `hash` method (the SHA-256/HMAC module replaced by stubs);
//   4. and no path selectors (`paths`, `safePaths` parse to nothing);
//   5. and every option error message cut to 'bad' (a lower bound only: the standards forbid it);
//   6. and no token catalogue at all (below the minimum of 30).
// Steps 2-6 are not shippable; they show that removing options and rules one by one does not reach
// the goal, which is why the README says the goal needs a product decision (a different, smaller
// browser rule set whose output differs from Node's, or another goal). Informational: records nothing.
// Usage (no build needed): node bench/size-floor.mjs
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserBundleSize } from '@causal-organism/bench-report/bundle-size';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const GOAL = 6 * 1024;
const MIN_TOKEN_FORMATS = 30;

/** An esbuild plugin that rewrites source files: `changes` maps a path relative to src/ to a function of its text. */
function rewrite(changes) {
  return {
    name: 'rewrite-sources',
    setup(build) {
      build.onLoad({ filter: /\/src\/.*\.ts$/ }, async (args) => {
        const file = Object.keys(changes).find((name) => args.path.endsWith(`/src/${name}`));
        if (file === undefined) return undefined;
        return { contents: changes[file](await readFile(args.path, 'utf8')), loader: 'ts' };
      });
    },
  };
}

/** tokens.ts with only the first `n` formats: each format is one `'<body>', // <id>` line. */
function keepTokenFormats(source, n) {
  let kept = 0;
  const lines = source.split('\n').filter((line) => !/^ {2}'.*', \/\/ [\w-]+$/.test(line) || kept++ < n);
  if (kept < n) throw new Error(`tokens.ts has ${kept} format lines, expected at least ${n}: did its layout change?`);
  return lines.join('\n');
}

const noHash = () => `
export const keyBytes = (key) => (typeof key === 'string' ? new Uint8Array(key.length) : key);
export const keyedHashHex = () => '';
export const processHashKey = () => new Uint8Array(32);`;

const noPaths = () => `
export const parseSelector = () => [];
export const matchesSelector = () => false;`;

/**
 * Every string or template literal of three words or more becomes 'bad' (options.ts and errors.ts
 * hold messages, not rule data).
 * Literals are found in TypeScript's syntax tree, so quotes in types and regexes are not mistaken for them.
 */
function shortMessages(source) {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true);
  const cuts = [];
  const visit = (node) => {
    const literal = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);
    const text = node.getText(file);
    if (literal && /\S+\s+\S+\s+\S/.test(text)) cuts.push([node.getStart(file), node.getEnd()]);
    else ts.forEachChild(node, visit);
  };
  visit(file);
  return cuts.reduceRight((out, [start, end]) => `${out.slice(0, start)}'bad'${out.slice(end)}`, source);
}

// Each step's rewrites add to (or, for the same file, replace) the ones above.
const steps = [
  { label: 'as shipped (browser entry engine, from source)', changes: {} },
  { label: `token catalogue cut to ${MIN_TOKEN_FORMATS} formats`, changes: { 'internal/tokens.ts': (s) => keepTokenFormats(s, MIN_TOKEN_FORMATS) } },
  { label: '+ no keyed hash method', changes: { 'internal/hash.ts': noHash } },
  { label: '+ no path selectors', changes: { 'internal/paths.ts': noPaths } },
  { label: "+ every option error message cut to 'bad' (not allowed)", changes: { 'internal/options.ts': shortMessages, 'errors.ts': shortMessages } },
  { label: '+ no token catalogue at all (below the issue minimum)', changes: { 'internal/tokens.ts': (s) => keepTokenFormats(s, 0) } },
];

const entry = {
  stdin: {
    contents: "export { createScrubber, scrubEvent, scrubText, scrubValue } from './src/browser.ts';",
    resolveDir: pkg,
    loader: 'js',
  },
  absWorkingDir: pkg,
};

const rows = [];
const changes = {};
for (const step of steps) {
  Object.assign(changes, step.changes);
  const { raw, gzip } = await browserBundleSize({ ...entry, plugins: [rewrite({ ...changes })] });
  rows.push({ step: step.label, 'minified KB': (raw / 1024).toFixed(1), 'gzip KB': (gzip / 1024).toFixed(2), 'goal (6 KB)': gzip <= GOAL ? 'met' : 'not met' });
}

console.log('browser entry engine (createScrubber, scrubEvent, scrubText, scrubValue); esbuild, minified, es2020, gzip -9; each step keeps the ones above');
console.table(rows);
