// Loopback Sentry issue list for the benchmark: 100-item pages with Sentry's Link header, built per
// request from the documented example issue. Runs in its own process so its memory is not measured.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const template = JSON.parse(readFileSync(new URL('../test/fixtures/org-issues.json', import.meta.url), 'utf8'))[0];
const total = Number(process.argv[2] ?? 100_000);

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const size = Math.min(100, Number(url.searchParams.get('limit') ?? 100));
  const offset = Number((url.searchParams.get('cursor') ?? '0:0:0').split(':')[1]);
  const count = Math.max(0, Math.min(size, total - offset));
  const items = [];
  for (let i = 0; i < count; i += 1) {
    const n = offset + i;
    items.push({ ...template, id: String(n + 1), shortId: `API-${n + 1}`, title: `TypeError: issue number ${n}`, count: String(n * 7), userCount: n % 50 });
  }
  const base = `http://127.0.0.1${url.pathname}?limit=${size}`;
  const hasNext = offset + size < total;
  res.writeHead(200, {
    'content-type': 'application/json',
    link: `<${base}&cursor=0:${offset}:1>; rel="previous"; results="false"; cursor="0:${offset}:1", <${base}&cursor=0:${offset + size}:0>; rel="next"; results="${hasNext}"; cursor="0:${offset + size}:0"`,
  });
  res.end(JSON.stringify(items));
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
