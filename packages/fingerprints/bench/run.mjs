// Benchmarks over the built package (dist/), plain ESM: `pnpm build && node bench/run.mjs`.
// Every figure is printed beside a baseline measured in the same run, so it reads as a ratio.
import { readFileSync } from 'node:fs';
import { recordFigures } from '@causal-organism/bench-report';
import { applyRules, builtinRules, fingerprintIntegration, markExportError, parameterize, parseRules } from '../dist/index.js';
import { browserSize } from './browser-size.mjs';

const event = JSON.parse(readFileSync(new URL('./reference-event.json', import.meta.url), 'utf8'));

// 50 rules of the kinds teams write (Sentry's documented examples, scaled up): exception types
// and values, messages, loggers, tags, frame matchers (same-frame combinations, path globs),
// family/sdk/release, plus the three built-ins at the end. None matches the reference event,
// so all 50 are evaluated: the worst case.
const lines = [];
for (let i = 0; i < 13; i++) lines.push(`error.type:Service${i}Error -> service-${i}, {{ error.type }}`);
for (let i = 0; i < 8; i++) lines.push(`error.value:"connection error (code: ${i}*)" -> connection-error-${i}`);
lines.push('error.type:"*Timeout*" error.value:"*after *ms" -> timeout, {{ transaction }}');
lines.push('error.type:{DatabaseUnavailable,ConnectionError} -> system-down');
for (let i = 0; i < 5; i++) lines.push(`message:"system encountered a fatal problem: ${i}*" -> fatal-log-${i}`);
for (let i = 0; i < 3; i++) lines.push(`logger:"com.myapp.mypackage${i}.*" level:error -> mypackage-logger-${i}`);
for (let i = 0; i < 5; i++) lines.push(`tags.server_name:"canary-${i}-*.mycompany.internal" -> canary-events-${i}`);
lines.push('stack.function:"query_database" -> {{ default }}, {{ transaction }}');
lines.push('error.type:ConnectionError stack.function:"connect" stack.module:"bot" -> bot-error');
lines.push('stack.abs_path:"**/my-utils/*.js" -> my-utils, {{ error.type }}');
lines.push('stack.module:"*/my-utils/*" -> my-utils, {{ error.type }}');
lines.push('app:yes stack.function:"assert*" -> assert');
lines.push('stack.package:"**/libcurl.so" -> libcurl');
lines.push('family:native !stack.module:"myproject::*" -> not-from-my-project');
lines.push('sdk:sentry.javascript.browser stack.function:"*Chunk*" -> chunk-load');
lines.push('release:"orders-api@1.*" error.type:PaymentError -> old-payments');
lines.push('app:yes stack.function:"OrderService.refund*" stack.abs_path:"**/services/*.js" -> refunds');
lines.push('error.type:PaymentError !tags.tenant:acme -> payment-error-other-tenants');
const rules = [...parseRules(lines.join('\n')), ...builtinRules];
if (rules.length !== 50) throw new Error(`expected 50 rules, got ${rules.length}`);
if (applyRules(event, rules) !== null) throw new Error('the worst-case set must not match');
// The same set with a rule that matches half-way (a typical first-match-wins exit).
const matching = [...rules.slice(0, 25), ...parseRules('error.type:PaymentError app:yes stack.module:"services:*" -> payments, {{ transaction }}'), ...rules.slice(25, 49)];
if (applyRules(event, matching)?.fingerprint[0] !== 'payments') throw new Error('rule 26 must match');

/**
 * Median µs per call over `rounds` batches of `n` calls. Time is this process's CPU time
 * (process.cpuUsage), not wall-clock: the machine is shared, and waiting for a core is not cost.
 */
function measure(fn, { n = 20_000, rounds = 9 } = {}) {
  for (let i = 0; i < n; i++) fn(); // warm-up (JIT, compiled-rule cache)
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < n; i++) fn();
    const d = process.cpuUsage(t0);
    samples.push((d.user + d.system) / n);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

let sink = 0;
const stringify = measure(() => (sink += JSON.stringify(event).length), { n: 2_000 });
const worst = measure(() => (sink += applyRules(event, rules) === null ? 1 : 0));
const early = measure(() => (sink += applyRules(event, matching).fingerprint.length));

// A corpus of real-looking messages: driver errors, HTTP failures, app logs with ids, emails,
// durations, dates, hashes; and plain text that needs no replacement.
const templates = [
  (i) => `connect ECONNREFUSED 10.0.${i % 255}.${(i * 7) % 255}:5432`,
  (i) => `getaddrinfo ENOTFOUND db-${i}.internal.example.com`,
  (i) => `password authentication failed for user "svc_${i}"`,
  () => `timeout exceeded when trying to connect`,
  (i) => `Request failed with status code ${400 + (i % 100)} for https://api.example.com/v1/orders/${i}?expand=items`,
  (i) => `User ${i} (user${i}@example.org) not found after ${i % 900}ms`,
  (i) => `Order 7c1811ed-e98f-4c9c-a9f9-58c757ff${String(1000 + (i % 9000)).padStart(4, '0')} could not be charged: card declined`,
  (i) => `Job ${i} failed at 2026-11-29T03:${String(i % 60).padStart(2, '0')}:12.418Z (attempt ${i % 5} of 5)`,
  (i) => `Cache miss for key session:${(i * 2654435761 >>> 0).toString(16)}`,
  () => `Cannot read properties of undefined (reading 'items')`,
  (i) => `Reached the max retries per request limit (which is ${i % 20}). Refer to "maxRetriesPerRequest" option for details.`,
  (i) => `commit ${(i * 40503 >>> 0).toString(16).padStart(7, 'a').slice(0, 7)} deployed to eu-west-1 in ${i % 60}.${i % 10}s`,
  (i) => `Validation failed: field "email" must be a valid address, got value=${i % 2 === 0 ? 'true' : "'x'"}`,
  (i) => `upstream 192.168.${i % 255}.1 closed connection while reading response header from upstream, client: ::ffff:10.1.2.${i % 255}`,
  (i) => `sha1 ${'5fc35719b9cf96ec602dbc748ff31c587a4696'}${String(i % 100).padStart(2, '0')} mismatch`,
  (i) => `Export ${i} to s3 bucket reports failed`,
];
const corpus = Array.from({ length: 1_000 }, (_, i) => templates[i % templates.length](i));
const corpusChars = corpus.reduce((n, m) => n + m.length, 0);
let k = 0;
const param = measure(() => (sink += parameterize(corpus[k++ % corpus.length]).length), { n: 50_000 });
// Baseline: one plain regex replacement (digits) over the same messages.
k = 0;
const digits = /\d+/g;
const baseline = measure(() => (sink += corpus[k++ % corpus.length].replace(digits, '<int>').length), { n: 50_000 });

// The integration's processEvent, per event, with the built-in rules, on events shaped the way
// @sentry/core 11 hands them over: tags and contexts spread-merged from the scope, `fingerprint`
// deleted when the scope has none. Object shape matters here: adding keys to those objects costs
// far more than the rules do. Events are prepared outside the timed loop, each used once; small
// batches, many rounds: preparing them makes garbage, and a collection inside a timed batch skews it.
const integration = fingerprintIntegration();
const client = { getSdkMetadata: () => ({ sdk: { name: 'sentry.javascript.node', version: '11.12.0' } }) };
let exportError;
try {
  JSON.stringify({ amountCents: 1n });
} catch (error) {
  exportError = markExportError(error);
}
const dbError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect', address: '127.0.0.1', port: 5432 });
const withException = (type, value) => ({ ...event, exception: { values: [{ ...event.exception.values[0], type, value }] } });
const scopeTags = { 'server.region': 'eu-west-1' };
const scopeContexts = { app: { app_name: 'orders-api' } };
function sdkShaped(base) {
  const e = { ...base };
  e.tags = { ...scopeTags, ...base.tags };
  e.contexts = { ...scopeContexts, ...base.contexts };
  e.fingerprint = [];
  delete e.fingerprint;
  return e;
}
function measureIntegration(base, hint, { n = 300, rounds = 41 } = {}) {
  const samples = [];
  for (let r = 0; r <= rounds; r++) {
    const events = Array.from({ length: n }, () => sdkShaped(base));
    const t0 = process.cpuUsage();
    for (let i = 0; i < n; i++) integration.processEvent(events[i], hint, client);
    const d = process.cpuUsage(t0);
    if (r > 0) samples.push((d.user + d.system) / n); // round 0 warms up
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}
const exportCase = withException('TypeError', exportError.message);
const dbCase = withException('Error', dbError.message);
const integrationCases = [
  ['no rule matches (PaymentError)', measureIntegration(event, { originalException: new Error('charge failed') })],
  ['export error -> [export-error, TypeError]', measureIntegration(exportCase, { originalException: exportError })],
  ['pg ECONNREFUSED -> [database-connection-error, postgresql, Error]', measureIntegration(dbCase, { originalException: dbError })],
];
const integrationWorst = Math.max(...integrationCases.map(([, us]) => us));
const sizes = {
  browser: await browserSize(`export { fingerprintRulesIntegration, builtinRules } from './dist/browser.js';`),
  rules: await browserSize(`export { fingerprintRulesIntegration, builtinRules } from './dist/index.js';`),
  text: await browserSize(`export { fingerprintIntegration, builtinRules } from './dist/index.js';`),
};

const f = (x) => x.toFixed(2).padStart(8);
console.log(`node ${process.version}, ${rules.length} precompiled rules, reference event ${(JSON.stringify(event).length / 1024).toFixed(1)} KB`);
console.log('');
console.log('operation                                          µs/event   × JSON.stringify');
console.log(`JSON.stringify(reference event) (baseline)         ${f(stringify)}   ${f(1)}`);
console.log(`applyRules, 50 rules, none matches (worst case)    ${f(worst)}   ${f(worst / stringify)}`);
console.log(`applyRules, 50 rules, rule 26 matches + resolve    ${f(early)}   ${f(early / stringify)}`);
console.log('');
console.log(`parameterize: ${corpus.length} messages, ${(corpusChars / corpus.length).toFixed(0)} chars on average`);
console.log(`  parameterize                                    ${f(param)} µs/message  ${(1 / param).toFixed(2)} M messages/s`);
console.log(`  one /\\d+/g replace (baseline)                   ${f(baseline)} µs/message  (${(param / baseline).toFixed(1)}x)`);
console.log('');
console.log('fingerprintIntegration() processEvent, built-in rules, SDK-shaped events');
for (const [name, us] of integrationCases) console.log(`  ${name.padEnd(68)} ${f(us)} µs  ${f(us / stringify)} × JSON.stringify`);
console.log('');
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
console.log('browser bundle (esbuild, minified, browser, es2020, gzip -9; @sentry/core external)');
console.log(`  /browser: fingerprintRulesIntegration + builtinRules   ${kb(sizes.browser.gzip)} gzip (${kb(sizes.browser.raw)} raw)`);
console.log(`  root:     fingerprintRulesIntegration + builtinRules   ${kb(sizes.rules.gzip)} gzip (${kb(sizes.rules.raw)} raw)`);
console.log(`  root:     fingerprintIntegration + builtinRules        ${kb(sizes.text.gzip)} gzip (${kb(sizes.text.raw)} raw, includes the rule parser)`);
console.log(`goal: applyRules < 2 µs/event -> ${worst < 2 ? 'met' : 'NOT met'} (worst case ${worst.toFixed(2)} µs)`);
if (sink === 0) console.log('');

const command = 'pnpm build && node bench/run.mjs';
const stringifyBaseline = `\`JSON.stringify\` ${stringify.toFixed(1)} µs`;
recordFigures(
  [
    {
      id: 'apply-rules-50',
      figure: 'fingerprints: `applyRules`, 50 precompiled rules, none matches, reference event',
      result: `${worst.toFixed(2)} µs`,
      baseline: stringifyBaseline,
      goal: '< 2 µs',
      ratio: `${(worst / stringify).toFixed(3)}x`,
      met: worst < 2,
      command,
    },
    {
      id: 'parameterize',
      figure: 'fingerprints: `parameterize`, 1,000 real-looking messages',
      result: `${param.toFixed(2)} µs/message (${(1 / param).toFixed(2)} M/s)`,
      baseline: `one \`/\\d+/g\` replace ${baseline.toFixed(2)} µs`,
      goal: '—',
      ratio: `${(param / baseline).toFixed(1)}x`,
      met: null,
      command,
    },
    {
      id: 'integration-event',
      figure: 'fingerprints: integration `processEvent`, built-ins, SDK-shaped reference event (worst of: no match, export, pg ECONNREFUSED)',
      result: `${integrationWorst.toFixed(2)} µs`,
      baseline: stringifyBaseline,
      goal: '—',
      ratio: `${(integrationWorst / stringify).toFixed(3)}x`,
      met: null,
      command,
    },
    {
      id: 'browser-size',
      figure: 'fingerprints: `/browser` entry `fingerprintRulesIntegration` + `builtinRules` in a browser bundle (esbuild, minified, gzip)',
      result: `${kb(sizes.browser.gzip)} gzip`,
      baseline: `root entry's same names ${kb(sizes.rules.gzip)} gzip; \`fingerprintIntegration\` + built-ins ${kb(sizes.text.gzip)} gzip`,
      goal: '—',
      met: null,
      command,
    },
  ],
  { source: 'packages/fingerprints' },
);
