import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { platformDefaultRules } from '@causal-organism/alerts';
import { parseRules, type FingerprintRule } from '@causal-organism/fingerprints';
import { createIngestHandler, INGEST_CORS, resolveLimits } from './ingest';
import { createApiHandler } from './api';
import { AlertEngine } from './alerts';
import { createDashboardHandler } from './dashboard';
import { LocalSentryError } from './errors';
import { purgeExpired } from './retention';
import { createPreparer } from './internal/ingest-pool';
import { Store } from './store';
import type { Clock, LocalSentry, LocalSentryOptions, MaintenanceResult, ProjectConfig } from './types';

/** The public key of the default project; 32 hex characters like real Sentry keys, so Relay would accept it too. */
export const DEFAULT_PUBLIC_KEY = '0123456789abcdef0123456789abcdef';
/** The default Web API bearer token. */
export const DEFAULT_TOKEN = 'local-sentry-token';

const systemClock: Clock = { now: () => Date.now() };

function validate(options: LocalSentryOptions): ProjectConfig[] {
  const projects = options.projects ?? [{ id: 1, slug: 'local', keys: [DEFAULT_PUBLIC_KEY] }];
  if (projects.length === 0) throw new LocalSentryError('invalid-options', 'projects is empty; configure at least one project or leave it unset for the default');
  const slugs = new Set<string>();
  for (const p of projects) {
    if (!Number.isInteger(p.id) || p.id <= 0) throw new LocalSentryError('invalid-options', `project id ${String(p.id)} is not a positive integer; the Sentry SDKs only accept numeric project ids in a DSN`);
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(p.slug)) throw new LocalSentryError('invalid-options', `project slug "${p.slug}" must be lowercase letters, digits, "-" or "_"`);
    if (slugs.has(p.slug)) throw new LocalSentryError('invalid-options', `project slug "${p.slug}" is used twice`);
    slugs.add(p.slug);
    if (p.keys.length === 0 || p.keys.some((k) => !/^[A-Za-z0-9]+$/.test(k))) {
      throw new LocalSentryError('invalid-options', `project "${p.slug}" needs at least one alphanumeric public key (32 hex characters, like Sentry's)`);
    }
  }
  if (options.maxWalMb !== undefined && !(options.maxWalMb > 0)) throw new LocalSentryError('invalid-options', `maxWalMb must be a positive number of megabytes, got ${options.maxWalMb}`);
  if (options.retentionDays !== undefined && !(options.retentionDays > 0)) throw new LocalSentryError('invalid-options', `retentionDays must be a positive number of days, got ${options.retentionDays}`);
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)) {
    throw new LocalSentryError('invalid-options', `port must be an integer between 0 and 65535, got ${options.port}`);
  }
  return projects;
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ detail: 'The requested resource does not exist' }));
}

/**
 * Starts local-sentry: the ingest endpoints, the Web API, alert evaluation, retention and the
 * dashboard, on one HTTP server over one SQLite database.
 *
 * @example
 * const sentry = await startLocalSentry({ db: ':memory:' });
 * Sentry.init({ dsn: sentry.dsn });
 * // ... later
 * await sentry.close();
 */
export async function startLocalSentry(options: LocalSentryOptions = {}): Promise<LocalSentry> {
  const projects = validate(options);
  const clock = options.clock ?? systemClock;
  const organization = options.organization ?? 'local';
  const token = options.token ?? DEFAULT_TOKEN;
  const retentionDays = options.retentionDays ?? 90;
  let rules: FingerprintRule[];
  try {
    rules = parseRules(options.fingerprintRules ?? '');
  } catch (cause) {
    throw new LocalSentryError('invalid-options', `fingerprintRules: ${(cause as Error).message}`, { cause });
  }
  const store = new Store(options.db === ':memory:' ? ':memory:' : resolve(options.db ?? '.local-sentry/local-sentry.db'), {
    maxWalBytes: (options.maxWalMb ?? 256) * 1024 * 1024,
  });
  store.syncProjects(projects);
  const projectMap = new Map(projects.map((p) => [p.id, p]));
  const base = { url: '' };
  const alerts = new AlertEngine({
    store,
    clock,
    logger: options.logger,
    rules: options.rules ?? platformDefaultRules({ actions: [] }),
    slackWebhooks: options.slackWebhooks ?? {},
    webhookUrls: options.webhookUrls ?? [],
    retries: options.webhookRetries ?? 4,
    backoffMs: options.webhookBackoffMs ?? 500,
    projects,
    publicUrl: () => options.publicUrl ?? base.url,
  });
  store.onCommit((result) => alerts.onCommit(result));
  const limits = resolveLimits(options.limits);
  const grouping = { rules };
  const preparer = createPreparer({ limits, grouping, fingerprintRules: options.fingerprintRules ?? '', logger: options.logger });
  const ingest = createIngestHandler({ store, preparer, grouping, projects: projectMap, limits, clock, logger: options.logger });
  const api = createApiHandler({ store, organization, token, projects, clock, alerts, publicUrl: () => options.publicUrl ?? base.url });
  const dashboard = createDashboardHandler({ store, projects, clock, alerts, organization });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      const ingestMatch = /^\/api\/(\d+)\/(envelope|store)\/?$/.exec(url.pathname);
      if (ingestMatch) {
        ingest(req, res, { projectId: Number(ingestMatch[1]), endpoint: ingestMatch[2] as 'envelope' | 'store', url });
        return;
      }
      if (url.pathname.startsWith('/api/0/')) {
        api(req, res, url);
        return;
      }
      if (/^\/api\/\d+\//.test(url.pathname)) {
        res.writeHead(404, { 'content-type': 'application/json', ...INGEST_CORS });
        res.end(JSON.stringify({ detail: `unknown ingest endpoint ${url.pathname}; local-sentry serves /envelope/ and /store/` }));
        return;
      }
      if (req.method === 'GET' && dashboard(req, res, url)) return;
      notFound(res);
    } catch (error) {
      options.logger?.error('request failed', { error: String(error) });
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ detail: 'Internal Error' }));
      }
    }
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (cause) => reject(new LocalSentryError('listen-failed', `cannot listen on ${options.host ?? '127.0.0.1'}:${options.port ?? 0}: ${cause.message}; pick another --port`, { cause })));
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolveListen());
  }).catch(async (error: unknown) => {
    await preparer.close();
    await store.close();
    throw error;
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  base.url = `http://${host}:${address.port}`;

  const maintenance = async (): Promise<MaintenanceResult> => {
    const purged = await purgeExpired({ store, cutoffMs: clock.now() - retentionDays * 86_400_000 });
    const resolvedAlerts = alerts.evaluateWindows();
    return { purgedEvents: purged.events, purgedIssues: purged.issues, resolvedAlerts };
  };
  await maintenance();
  const timer = setInterval(() => {
    maintenance().catch((error: unknown) => options.logger?.error('maintenance failed', { error: String(error) }));
  }, options.maintenanceIntervalMs ?? 60_000);
  timer.unref();

  const dsnFor = (p: ProjectConfig): string => `http://${p.keys[0]}@${host}:${address.port}/${p.id}`;
  const dsns = Object.fromEntries(projects.map((p) => [String(p.id), dsnFor(p)]));
  let closed = false;
  return {
    url: base.url,
    dsn: dsnFor(projects[0]!),
    dsns,
    apiUrl: `${base.url}/api/0`,
    token,
    organization,
    runMaintenance: maintenance,
    idle: () => alerts.idle(),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await preparer.close();
      alerts.stop();
      await alerts.idle();
      await store.close();
    },
  };
}
