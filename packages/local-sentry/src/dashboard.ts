// `GET /`: a server-rendered dashboard. Charts use uPlot, a small, maintained time-series
// library served straight from node_modules (no build step at run time).
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AlertEngine } from './alerts';
import { exceptions, asRecord, tagsOf, type SentryEvent } from './internal/event';
import type { GroupRecord } from './internal/serialize';
import { decodePayload } from './internal/payload';
import { localRequire } from './internal/require';
import { shortId } from './internal/serialize';
import type { Store } from './store';
import type { Clock, ProjectConfig } from './types';

/** What the dashboard reads. */
export interface DashboardContext {
  store: Store;
  projects: ProjectConfig[];
  clock: Clock;
  alerts: AlertEngine;
  organization: string;
}

const STATIC: Record<string, { file: string; type: string }> = {
  '/_static/uPlot.iife.min.js': { file: 'uplot/dist/uPlot.iife.min.js', type: 'text/javascript; charset=utf-8' },
  '/_static/uPlot.min.css': { file: 'uplot/dist/uPlot.min.css', type: 'text/css; charset=utf-8' },
};
const cache = new Map<string, Buffer>();

function esc(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : value == null ? '' : JSON.stringify(value);
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe to put inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function ago(ms: number, now: number): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

const STYLE = `
:root { --bg:#f6f7f9; --card:#fff; --ink:#1d2330; --muted:#6b7280; --line:#e5e7eb; --red:#d64545; --amber:#d99a00; --green:#2f9e62; --blue:#3867d6; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; background:var(--bg); color:var(--ink); }
header { display:flex; align-items:baseline; gap:16px; padding:14px 24px; background:#1d2330; color:#fff; }
header h1 { font-size:17px; margin:0; font-weight:600; }
header span { color:#aab; font-size:13px; }
header a { color:#fff; }
main { padding:20px 24px; display:grid; grid-template-columns: repeat(12, 1fr); gap:16px; max-width:1400px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:14px 16px; grid-column: span 6; min-width:0; }
.wide { grid-column: span 12; } .third { grid-column: span 4; } .two { grid-column: span 8; }
.card h2 { font-size:13px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); margin:0 0 10px; font-weight:600; }
.kpis { display:flex; gap:12px; grid-column: span 12; }
.kpi { flex:1; background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px 16px; }
.kpi b { display:block; font-size:26px; font-weight:650; }
.kpi small { color:var(--muted); }
table { width:100%; border-collapse:collapse; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:12px; color:var(--muted); font-weight:600; }
td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; }
a { color:var(--blue); text-decoration:none; } a:hover { text-decoration:underline; }
.lvl { display:inline-block; padding:0 6px; border-radius:4px; font-size:11px; font-weight:600; color:#fff; background:var(--muted); }
.lvl-fatal { background:#8b1d1d; } .lvl-error { background:var(--red); } .lvl-warning { background:var(--amber); } .lvl-info { background:var(--blue); }
.bar { display:flex; align-items:center; gap:8px; margin:4px 0; }
.bar span.label { width:38%; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
.bar span.fill { height:14px; background:var(--red); border-radius:3px; }
.empty { color:var(--muted); font-style:italic; }
.firing { color:var(--red); font-weight:600; } .resolved { color:var(--green); font-weight:600; }
pre { background:#f3f4f6; padding:8px; border-radius:6px; overflow:auto; font-size:12px; }
.frame { border-bottom:1px solid var(--line); padding:6px 0; font-family: ui-monospace, Menlo, monospace; font-size:12px; }
.frame.app { background:#fff7f7; }
.frame .ctx { color:var(--muted); }
`;

function page(title: string, body: string, script = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><link rel="stylesheet" href="/_static/uPlot.min.css"><style>${STYLE}</style></head>
<body><header><h1><a href="/">local-sentry</a></h1><span>a local stand-in for Sentry: development, demos and CI</span></header>${body}
<script src="/_static/uPlot.iife.min.js"></script>${script}</body></html>`;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Builds the GET handler; returns false for paths that are not the dashboard's. */
export function createDashboardHandler(ctx: DashboardContext): (req: IncomingMessage, res: ServerResponse, url: URL) => boolean {
  const db = ctx.store.db;
  const projectById = new Map(ctx.projects.map((p) => [p.id, p]));

  const overview = (): string => {
    const now = ctx.clock.now();
    const minute = 60_000;
    const start = Math.floor(now / minute) * minute - 59 * minute;
    const perMinute = db
      .prepare<[number, number], { m: number; n: number }>('SELECT CAST((second - ?) / 60 AS INTEGER) AS m, sum(count) AS n FROM error_seconds WHERE second >= ? GROUP BY m')
      .all(start / 1000, start / 1000);
    const xs = Array.from({ length: 60 }, (_, i) => (start + i * minute) / 1000);
    const ys = xs.map(() => 0);
    for (const row of perMinute) if (row.m >= 0 && row.m < 60) ys[row.m] = row.n;
    const rateRule = ctx.alerts.rules().find((r) => r.rule.kind === 'error-rate')?.rule;
    const threshold = rateRule && rateRule.kind === 'error-rate' ? (rateRule.threshold * 60) / rateRule.windowSeconds : null;
    const dayAgo = now - 86_400_000;
    const issues = db.prepare<[number], GroupRecord>("SELECT * FROM groups WHERE status = 'unresolved' AND last_seen >= ? ORDER BY times_seen DESC, last_seen DESC LIMIT 15").all(dayAgo);
    const byType = db
      .prepare<[number], { t: string; n: number }>("SELECT coalesce(error_type, '(message)') AS t, count(*) AS n FROM events WHERE kind IN ('error', 'default') AND received >= ? GROUP BY t ORDER BY n DESC LIMIT 10")
      .all(dayAgo);
    const totals = db
      .prepare<[number], { errors: number; users: number }>("SELECT count(*) AS errors, count(DISTINCT user_key) AS users FROM events WHERE kind IN ('error', 'default') AND received >= ?")
      .get(dayAgo)!;
    const drops = db
      .prepare<[number], { category: string; reason: string; n: number }>("SELECT category, reason, sum(quantity) AS n FROM outcomes WHERE outcome = 'client_discard' AND minute >= ? GROUP BY category, reason ORDER BY n DESC")
      .all(dayAgo / 1000);
    const routes = db
      .prepare<[number], { route: string; d: number }>("SELECT route, duration_ms AS d FROM events WHERE kind = 'transaction' AND route IS NOT NULL AND received >= ? ORDER BY route, duration_ms")
      .all(dayAgo);
    const routeErrors = new Map(
      db.prepare<[number], { route: string; n: number }>("SELECT route, count(*) AS n FROM events WHERE kind IN ('error', 'default') AND route IS NOT NULL AND received >= ? GROUP BY route").all(dayAgo).map((r) => [r.route, r.n]),
    );
    const durations = new Map<string, number[]>();
    for (const r of routes) durations.set(r.route, [...(durations.get(r.route) ?? []), r.d]);
    const firings = ctx.alerts.list(15);
    const maxType = Math.max(1, ...byType.map((t) => t.n));
    const firedToday = db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM alert_firings WHERE status = 'firing' AND created >= ?").get(dayAgo)!.n;

    const issueRows = issues
      .map(
        (g) => `<tr><td><span class="lvl lvl-${esc(g.level)}">${esc(g.level)}</span></td><td><a href="/issues/${g.id}/">${esc(g.title)}</a><br><small>${esc(shortId(projectById.get(g.project_id), g.short_num))} · ${esc(g.culprit ?? '')}</small></td>
<td class="num">${g.times_seen}</td><td class="num">${g.user_count}</td><td>${esc(ago(g.last_seen, now))}</td></tr>`,
      )
      .join('');
    const typeBars = byType.map((t) => `<div class="bar"><span class="label" title="${esc(t.t)}">${esc(t.t)}</span><span class="fill" style="width:${Math.max(2, (t.n / maxType) * 55)}%"></span><span>${t.n}</span></div>`).join('');
    const alertRows = firings
      .map(
        (f) => `<tr><td class="${f.status}">${f.status}</td><td>${f.issueId !== null ? `<a href="/issues/${f.issueId}/">${esc(f.title)}</a>` : esc(f.title)}</td><td>${esc(ago(Date.parse(f.dateCreated), now))}</td>
<td>${f.deliveries.map((d) => `${esc(d.format)}: ${esc(d.status)}`).join(', ') || '<span class="empty">stored and logged</span>'}</td></tr>`,
      )
      .join('');
    const dropRows = drops.map((d) => `<tr><td>${esc(d.category)}</td><td>${esc(d.reason || 'unknown')}</td><td class="num">${d.n}</td></tr>`).join('');
    const routeRows = [...durations]
      .map(([route, list]) => {
        const errors = routeErrors.get(route) ?? 0;
        return `<tr><td>${esc(route)}</td><td class="num">${list.length}</td><td class="num">${percentile(list, 95).toFixed(0)} ms</td><td class="num">${((errors / list.length) * 100).toFixed(1)}%</td></tr>`;
      })
      .join('');
    const body = `<main>
<div class="kpis">
 <div class="kpi" data-kpi="errors"><b>${totals.errors}</b><small>errors, last 24 h</small></div>
 <div class="kpi" data-kpi="users"><b>${totals.users}</b><small>affected users, last 24 h</small></div>
 <div class="kpi" data-kpi="issues"><b>${issues.length}</b><small>unresolved issues seen in 24 h</small></div>
 <div class="kpi" data-kpi="alerts"><b class="${firedToday > 0 ? 'firing' : ''}">${firedToday}</b><small>alerts fired, last 24 h</small></div>
</div>
<section class="card wide" id="rate"><h2>Errors per minute, last hour${threshold !== null ? ` · alert threshold ${threshold.toFixed(threshold % 1 === 0 ? 0 : 1)}/min` : ''}</h2><div id="rate-chart"></div></section>
<section class="card two" id="issues"><h2>Top issues, last 24 h</h2>${issues.length > 0 ? `<table><thead><tr><th>Level</th><th>Issue</th><th class="num">Events</th><th class="num">Users</th><th>Last seen</th></tr></thead><tbody>${issueRows}</tbody></table>` : '<p class="empty">No issues yet. Point SENTRY_DSN here and throw something.</p>'}</section>
<section class="card third" id="types"><h2>Errors by type</h2>${typeBars || '<p class="empty">No errors.</p>'}</section>
<section class="card" id="alerts"><h2>Alerts fired</h2>${alertRows ? `<table><tbody>${alertRows}</tbody></table>` : '<p class="empty">No alerts fired.</p>'}</section>
<section class="card" id="drops"><h2>Dropped by SDKs (client reports), last 24 h</h2>${dropRows ? `<table><thead><tr><th>Category</th><th>Reason</th><th class="num">Count</th></tr></thead><tbody>${dropRows}</tbody></table>` : '<p class="empty">The SDKs reported no drops.</p>'}</section>
${routeRows ? `<section class="card wide" id="routes"><h2>Routes: p95 response time and error rate (from traces)</h2><table><thead><tr><th>Route</th><th class="num">Requests</th><th class="num">p95</th><th class="num">Error rate</th></tr></thead><tbody>${routeRows}</tbody></table></section>` : ''}
</main>`;
    const script = `<script>
const data = ${scriptJson({ xs, ys, threshold })};
const el = document.getElementById('rate-chart');
const series = [{}, { label: 'errors/min', stroke: '#d64545', fill: 'rgba(214,69,69,0.12)', width: 2, points: { show: false } }];
const cols = [data.xs, data.ys];
if (data.threshold !== null) { series.push({ label: 'threshold', stroke: '#d99a00', dash: [6, 4], width: 1.5, points: { show: false } }); cols.push(data.xs.map(() => data.threshold)); }
window.rateChart = new uPlot({ width: Math.max(320, el.clientWidth), height: 220, series, scales: { y: { range: (u, min, max) => [0, Math.max(max, (data.threshold || 0) * 1.2, 5)] } } }, cols, el);
</script>`;
    return page('local-sentry', body, script);
  };

  const issuePage = (id: number): string | null => {
    const g = db.prepare<[number], GroupRecord>('SELECT * FROM groups WHERE id = ?').get(id);
    if (!g) return null;
    const now = ctx.clock.now();
    const latest = db.prepare<[number], { payload: string | Buffer; received: number }>('SELECT payload, received FROM events WHERE group_id = ? ORDER BY received DESC, id DESC LIMIT 1').get(id);
    const event = latest ? (JSON.parse(decodePayload(latest.payload)) as SentryEvent) : {};
    const frameHtml = exceptions(event)
      .map((ex) => {
        const frames = [...(ex.stacktrace?.frames ?? [])].reverse();
        return `<h3>${esc(ex.type)}: ${esc(ex.value)}</h3>${frames
          .map(
            (f) =>
              `<div class="frame${f.in_app ? ' app' : ''}"><b>${esc(f.function ?? '?')}</b> <span class="ctx">${esc(f.filename ?? f.module ?? '')}:${esc(f.lineno)}${f.colno !== undefined ? `:${esc(f.colno)}` : ''}</span>${f.context_line ? `<pre>${esc(f.context_line)}</pre>` : ''}</div>`,
          )
          .join('')}`;
      })
      .join('');
    const request = asRecord(event.request);
    const user = asRecord(event.user);
    const tags = tagsOf(event);
    const kv = (record: Record<string, unknown> | undefined): string =>
      record ? `<table><tbody>${Object.entries(record).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(typeof v === 'string' ? v : JSON.stringify(v))}</td></tr>`).join('')}</tbody></table>` : '<p class="empty">none</p>';
    const body = `<main>
<section class="card wide" id="issue"><h2>${esc(shortId(projectById.get(g.project_id), g.short_num))} · <span class="lvl lvl-${esc(g.level)}">${esc(g.level)}</span> · ${esc(g.status)}</h2>
<h1 style="margin:0 0 4px;font-size:20px">${esc(g.title)}</h1><div class="ctx">${esc(g.culprit ?? '')}</div>
<p>${g.times_seen} events · ${g.user_count} users · first seen ${esc(ago(g.first_seen, now))} · last seen ${esc(ago(g.last_seen, now))}</p></section>
<section class="card two" id="stacktrace"><h2>Stack trace (latest event)</h2>${frameHtml || '<p class="empty">No stack trace.</p>'}</section>
<section class="card third" id="tags"><h2>Tags</h2>${tags.length > 0 ? `<table><tbody>${tags.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>` : '<p class="empty">none</p>'}</section>
<section class="card" id="request"><h2>Request</h2>${request ? `<p><b>${esc(request.method)}</b> ${esc(request.url)}</p>${kv(asRecord(request.headers))}` : '<p class="empty">none</p>'}</section>
<section class="card" id="user"><h2>User</h2>${kv(user)}</section>
</main>`;
    return page(g.title, body);
  };

  return (_req, res, url) => {
    const asset = STATIC[url.pathname];
    if (asset) {
      let content = cache.get(asset.file);
      if (!content) {
        content = readFileSync(localRequire.resolve(asset.file));
        cache.set(asset.file, content);
      }
      res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'public, max-age=3600' });
      res.end(content);
      return true;
    }
    let html: string | null = null;
    if (url.pathname === '/') html = overview();
    const issue = /^\/issues\/(\d+)\/?$/.exec(url.pathname);
    if (issue) html = issuePage(Number(issue[1]));
    if (html === null) return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
    return true;
  };
}
