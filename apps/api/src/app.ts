import { createContextMiddleware, createErrorHandler } from '@causal-organism/express-ctx';
import { ValidationError } from '@causal-organism/fingerprints';
import express, { type NextFunction, type Request, type Response } from 'express';
import * as v from 'valibot';
import type { ApiConfig } from './config';
import { type ExportFormat, runExportJob } from './exports';
import { renderMetrics } from './metrics';
import { type BrowserSentryEnv, renderPage } from './page';
import { type ApiLogger, type Services, errorCode } from './services';

/** What {@link createApp} needs. */
export interface AppOptions {
  config: ApiConfig;
  services: Services;
  logger: ApiLogger;
  /** Directory holding the esbuild bundle of `web/` (`dist/web`). */
  webDir: string;
  /** What the browser page initialises Sentry with (the DSN is public by design). */
  browserEnv: () => BrowserSentryEnv;
}

const CreateUser = v.object({
  email: v.pipe(v.string(), v.email()),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  password: v.pipe(v.string(), v.minLength(12, 'password must have at least 12 characters')),
});

const Payment = v.object({
  amountCents: v.pipe(v.number(), v.integer(), v.minValue(1)),
  currency: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code such as EUR')),
  card: v.object({
    number: v.pipe(v.string(), v.regex(/^\d{13,19}$/, 'card number must be 13-19 digits')),
    cvc: v.pipe(v.string(), v.regex(/^\d{3,4}$/)),
  }),
});

const ExportRequest = v.object({
  reportId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'reportId must be 1-64 letters, digits, _ or -')),
  format: v.picklist(['csv', 'json', 'pdf']),
});

// Built once: valibot's pick() makes a new schema object on every call.
const ExportReportId = v.pick(ExportRequest, ['reportId']);

/**
 * Parses `input` or throws a {@link ValidationError} (status 422) whose message lists each issue
 * as valibot words it, received values included: that is what real services do, and scrubbing
 * has to take the PII back out of the message.
 */
function validate<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const details = result.issues.map((issue) => `${v.getDotPath(issue) ?? '(body)'}: ${issue.message}`).join('; ');
  const error = new ValidationError(`invalid request: ${details}`, { cause: new v.ValiError(result.issues) });
  throw Object.assign(error, { status: 422, issues: result.issues.map((issue) => ({ path: v.getDotPath(issue), message: issue.expected === null ? 'invalid' : `expected ${issue.expected}` })) });
}

/** Express 5 passes rejected promises to the error handlers; the handlers stay plain functions. */
type Handler = (req: Request, res: Response) => Promise<void> | void;

/** Builds the api. Routes are listed in the README; every error path comes from a real cause. */
export function createApp(options: AppOptions): express.Express {
  const { config, services, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(
    createContextMiddleware({
      trustUserIdHeader: config.trustUserIdHeader,
      logger: { warn: (message, details) => logger.warn(details ?? {}, message) },
    }),
  );
  app.use(express.json({ limit: '100kb' }));

  const route = (handler: Handler) => handler;

  app.get('/health', route(async (_req, res) => {
    const checks = await services.health();
    res.json({ status: 'ok', ...checks });
  }));

  app.get('/metrics', route(async (_req, res) => {
    const { contentType, body } = await renderMetrics();
    res.type(contentType).send(body);
  }));

  // A plain, non-failing read: the route the benchmark's non-error figures are measured on.
  app.get('/reports/:reportId', route((req, res) => {
    res.json({ id: req.params.reportId, formats: ['csv', 'json'], rows: 2 });
  }));

  // The export job runs in the request and fails: export-error fingerprint by exception type.
  app.get('/reports/:reportId/export', route((req, res) => {
    // Express 5 parses the query string again on every `req.query` read: read it once.
    const requested = (req.query as Record<string, unknown>).format;
    const format = (typeof requested === 'string' ? requested : 'csv') as ExportFormat;
    const { reportId } = validate(ExportReportId, { reportId: req.params.reportId });
    const body = runExportJob({ reportId, format: format === 'json' ? 'json' : 'csv' });
    res.type(format === 'json' ? 'application/json' : 'text/csv').send(body);
  }));

  // Queued for apps/worker (BullMQ queue `exports`); 503 when Redis is unavailable.
  app.post('/exports', route(async (req, res) => {
    const body = validate(ExportRequest, req.body);
    // The same rule express-ctx applies to the user id on events; anything else is 'anonymous'.
    const header = req.headers['x-user-id'];
    const requestedBy = config.trustUserIdHeader && typeof header === 'string' && /^[A-Za-z0-9._:@|+-]{1,128}$/.test(header) ? header : 'anonymous';
    const { jobId } = await services.enqueueExport({ reportId: body.reportId, format: body.format, requestedBy });
    res.status(202).json({ jobId, queue: 'exports' });
  }));

  // PostgreSQL: a closed port, a wrong password or an exhausted pool fail with the driver's own errors.
  app.get('/orders/:orderId', route(async (req, res) => {
    const { rows } = await services.pool().query<{ id: string; checked_at: Date }>('SELECT $1::text AS id, now() AS checked_at', [req.params.orderId]);
    res.json({ order: rows[0] });
  }));

  // Holds a pool connection for `seconds` (max 10): the way to exhaust a small pool on purpose.
  app.get('/orders/:orderId/slow', route(async (req, res) => {
    const seconds = Math.min(Math.max(Number(req.query.seconds ?? 2) || 0, 0), 10);
    await services.pool().query('SELECT pg_sleep($1)', [seconds]);
    res.json({ order: req.params.orderId, slept: seconds });
  }));

  // Redis: the same failures through ioredis.
  app.get('/sessions/:sessionId', route(async (req, res) => {
    const value = await services.redis().get(`session:${String(req.params.sessionId)}`);
    res.json({ session: req.params.sessionId, found: value !== null });
  }));

  // Schema validation with planted PII in the bodies: validation-error fingerprint by endpoint.
  app.post('/users', route((req, res) => {
    const user = validate(CreateUser, req.body);
    res.status(201).json({ name: user.name });
  }));
  app.post('/accounts/:accountId/payments', route((req, res) => {
    const payment = validate(Payment, req.body);
    res.status(201).json({ account: req.params.accountId, amountCents: payment.amountCents });
  }));

  if (config.crashRoutes) {
    // Opt-in (API_CRASH_ROUTES=1): the process dies after answering, the way real crashes happen.
    app.post('/crash/unhandled-rejection', route((_req, res) => {
      res.status(202).json({ crashing: 'unhandled-rejection' });
      setImmediate(() => {
        void Promise.reject(new Error('Settlement batch promise rejected without a handler'));
      });
    }));
    app.post('/crash/uncaught-exception', route((_req, res) => {
      res.status(202).json({ crashing: 'uncaught-exception' });
      setImmediate(() => {
        throw new Error('Ledger invariant violated outside any request handler');
      });
    }));
  }

  app.get('/', route((_req, res) => {
    res.type('html').send(renderPage(options.browserEnv()));
  }));
  app.use('/app', express.static(options.webDir, { index: false, maxAge: '1h' }));

  app.use(route((req, res) => {
    res.status(404).json({ error: 'not_found', path: req.path });
  }));
  app.use(createErrorHandler({ logger: { warn: (message, details) => logger.warn(details ?? {}, message) } }));
  // Express recognises error handlers by their four parameters.
  // eslint-disable-next-line max-params
  app.use(function answerError(error: unknown, _req: Request, res: Response, _next: NextFunction) {
    const status = statusOf(error);
    const requestId = res.getHeader('x-request-id');
    const eventId = res.getHeader('x-sentry-event-id');
    // 5xx answers never echo the message: driver errors name hosts and users. One object literal
    // per branch (no spread into a second object): this runs for every failing request.
    res.status(status).json(
      status < 500
        ? { error: status === 422 ? 'validation_failed' : 'bad_request', issues: (error as { issues?: unknown }).issues, requestId, eventId }
        : { error: status === 503 ? 'service_unavailable' : 'internal_error', cause: errorCode((error as { cause?: unknown }).cause) ?? errorCode(error), requestId, eventId },
    );
  });
  return app;
}

function statusOf(error: unknown): number {
  const { status, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  const s = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : 500;
  return s >= 400 && s <= 599 ? s : 500;
}
