// How much the provisioner costs on top of the HTTP calls it must make. Against a loopback Sentry
// holding 50 provisioned rules, time a no-op `plan` (list, validate, translate, diff) and compare it
// with a baseline measured in the same run: the same GET requests through bare fetch + JSON.parse.
// Run: pnpm --filter @causal-organism/alerts build && pnpm --filter @causal-organism/alerts bench
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { recordFigures } from '@causal-organism/bench-report';
import { createAlertsProvisioner, platformDefaultRules } from '../dist/index.js';

const RULES = 50;
const ROUNDS = 20;
const state = { project: { id: '42', slug: 'api' }, detectors: [{ id: '1', projectId: '42', name: 'Error Monitor', type: 'error' }], workflows: [] };
let nextId = 100;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const path = new URL(req.url, 'http://x').pathname;
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
    let out = { detail: 'not found' };
    let status = 200;
    if (path === '/api/0/projects/acme/api/') out = state.project;
    else if (path === '/api/0/organizations/acme/detectors/') out = state.detectors;
    else if (path === '/api/0/organizations/acme/workflows/' && req.method === 'GET') out = state.workflows;
    else if (req.method === 'POST') {
      out = { ...body, id: String(nextId++), projectId: '42' };
      (path.endsWith('/detectors/') ? state.detectors : state.workflows).push(out);
      status = 201;
    } else status = 404;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(out));
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const baseUrl = `http://127.0.0.1:${server.address().port}`;

const rules = Array.from({ length: RULES / 2 }, (_, i) =>
  platformDefaultRules({ actions: [{ type: 'email', target: 'team:1' }], environment: `env-${i}` }).map((r) => ({ ...r, name: `${r.name} #${i}` })),
).flat();
const definitions = { rules, scrubbing: false };
const provisioner = createAlertsProvisioner({ baseUrl, token: 't', org: 'acme', project: 'api', projectId: '42' });
await provisioner.apply(definitions);

async function time(fn) {
  await fn();
  const start = performance.now();
  for (let i = 0; i < ROUNDS; i += 1) await fn();
  return (performance.now() - start) / ROUNDS;
}
const gets = ['/api/0/organizations/acme/detectors/?project=42', '/api/0/organizations/acme/workflows/?project=42'];
const baseline = await time(async () => {
  for (const p of gets) await (await fetch(`${baseUrl}${p}`, { headers: { authorization: 'Bearer t' } })).json();
});
const plan = await time(async () => {
  const result = await provisioner.plan(definitions);
  if (result.changes.some((c) => c.action !== 'unchanged')) throw new Error('plan should be a no-op');
});
server.close();
console.log(`| run | ms per no-op plan of ${RULES} rules (${state.detectors.length} monitors, ${state.workflows.length} alerts) |`);
console.log('|---|---:|');
console.log(`| baseline: the same 2 GETs, bare fetch | ${baseline.toFixed(2)} |`);
console.log(`| provisioner.plan | ${plan.toFixed(2)} |`);
console.log(`\nplan / baseline: ${(plan / baseline).toFixed(2)}x`);

// `plan` is a deploy-time command: the figure is recorded so that a regression shows, not held to a goal.
recordFigures(
  [
    {
      id: 'noop-plan',
      figure: `no-op \`plan\` of ${RULES} rules against a loopback Sentry`,
      result: `${plan.toFixed(2)} ms`,
      baseline: `the same 2 list GETs, bare \`fetch\` ${baseline.toFixed(2)} ms`,
      goal: '—',
      ratio: `${(plan / baseline).toFixed(2)}x`,
      met: null,
      command: 'pnpm bench',
    },
  ],
  { source: 'packages/alerts' },
);
