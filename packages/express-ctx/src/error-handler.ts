import type { IncomingMessage, ServerResponse } from 'node:http';
import { captureException, getClient, getIsolationScope, withScope } from '@sentry/node';
import { defaultLogger, expect, headerName, safeWarn } from './internal/options';
import { getState, type ExpressRequest } from './internal/state';
import type { ErrorHandler, ErrorHandlerOptions } from './types';

// How @sentry/node 11's express instrumentation marks a request whose error its layer channel
// saw (server-utils `integrations/express/error-handled.js`), and how @sentry/core marks an
// error object it captured (`utils/misc.js` checkOrSetAlreadyCaught). Tests pin both.
const SDK_SAW_ERROR = '__sentry_express_error_handled__';
const SDK_CAPTURED = '__sentry_captured__';
const MISSING_INSTRUMENTATION =
  'express-ctx: Sentry\'s Express instrumentation is not active, so errors are captured only by createErrorHandler and spans/route data from the SDK are missing. Start the app with `node --import ./instrument.mjs app.js` and call Sentry.init in that file, before express is loaded.';
const NO_CLIENT = 'express-ctx: Sentry is not initialised (no client), so request errors are not reported. Call Sentry.init in the file loaded with `node --import`.';

/**
 * Creates the Express error handler that reports each request error to Sentry exactly once:
 * 5xx always, 4xx by policy (validation failures yes, 404 no), never a second time when the
 * SDK's own channel-based Express capture already took it. The event id goes back in a response
 * header so support can find the event, and the error always continues with `next(err)` to your
 * own error handlers. Without `node --import` instrumentation it still captures, and says once
 * (through the logger) what is missing. Install it after your routes, before your error handlers.
 *
 * @throws {ExpressCtxOptionsError} when an option is invalid (at start-up, never per request).
 */
export function createErrorHandler(options: ErrorHandlerOptions = {}): ErrorHandler {
  const clientStatuses = new Set(options.captureClientErrorStatuses ?? [400, 422]);
  const shouldCaptureClientError = options.shouldCaptureClientError;
  expect(
    shouldCaptureClientError === undefined || typeof shouldCaptureClientError === 'function',
    'shouldCaptureClientError',
    'expected a function ({ error, status, req }) => boolean.',
  );
  const eventIdHeader = options.eventIdHeader === false ? undefined : headerName('eventIdHeader', options.eventIdHeader ?? 'x-sentry-event-id');
  const logger = options.logger ?? defaultLogger;
  let warnedInstrumentation = false;
  let warnedClient = false;

  function shouldCapture(error: unknown, status: number, req: IncomingMessage): boolean {
    if (status >= 500) return true;
    if (shouldCaptureClientError === undefined) return clientStatuses.has(status);
    try {
      return shouldCaptureClientError({ error, status, req }) === true;
    } catch (policyError) {
      safeWarn(logger, 'express-ctx: shouldCaptureClientError threw; the error was captured.', { error: String(policyError) });
      return true;
    }
  }

  /** The id of the event the SDK already sent for this error, `null` if it took it unseen, or undefined. */
  function priorCapture(error: unknown, req: ExpressRequest): string | null | undefined {
    const sdkSaw = sdkSawError(req);
    const isObject = (typeof error === 'object' && error !== null) || typeof error === 'function';
    const captured = isObject ? (error as Record<string, unknown>)[SDK_CAPTURED] === true : sdkSaw && newEventId(req) !== undefined;
    if (!captured) return undefined;
    return newEventId(req) ?? null;
  }

  function report(error: unknown, req: ExpressRequest, res: ServerResponse): void {
    const status = statusOf(error, res);
    if (!shouldCapture(error, status, req as unknown as IncomingMessage)) return;
    if (getClient() === undefined) {
      if (!warnedClient) safeWarn(logger, NO_CLIENT);
      warnedClient = true;
      return;
    }
    if (!sdkSawError(req) && !warnedInstrumentation) {
      warnedInstrumentation = true;
      safeWarn(logger, MISSING_INSTRUMENTATION);
    }
    const prior = priorCapture(error, req);
    const eventId = prior === undefined ? capture(error, req) : prior;
    if (eventIdHeader !== undefined && eventId !== null && !res.headersSent) res.setHeader(eventIdHeader, eventId);
  }

  // Express recognises error middleware by its four parameters; three would make it a plain one.
  // eslint-disable-next-line max-params
  return function expressCtxErrorHandler(err: unknown, req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void {
    try {
      report(err, req as unknown as ExpressRequest, res);
    } catch (internal) {
      safeWarn(logger, 'express-ctx: error reporting failed; the error goes on to your handlers.', { error: String(internal) });
    }
    next(err);
  };
}

function sdkSawError(req: ExpressRequest): boolean {
  return (req as unknown as Record<string, unknown>)[SDK_SAW_ERROR] === true;
}

function capture(error: unknown, req: ExpressRequest): string {
  const hint = { mechanism: { type: 'auto.middleware.express_ctx', handled: false } };
  const state = getState(req);
  if (state === undefined || state.scope !== undefined) return captureException(error, hint);
  // No per-request scope: the context goes on this one event through a throwaway scope.
  return withScope(function captureWithRequestContext(scope) {
    scope.addEventProcessor(state.addContext);
    return captureException(error, hint);
  });
}

/** The id of an event captured on this request's scope since the request began, if any. */
function newEventId(req: ExpressRequest): string | undefined {
  const state = getState(req);
  // Without a per-request scope the last event id is process-wide: it may be another request's.
  if (state !== undefined && state.scope === undefined) return undefined;
  const scope = state?.scope ?? getIsolationScope();
  const last = scope.lastEventId();
  return last !== undefined && last !== state?.lastEventIdAtStart ? last : undefined;
}

/**
 * The status Express's final handler will answer with: the error's `status`/`statusCode` when it
 * is 400-599, else the response's status when that is an error status, else 500.
 */
export function statusOf(error: unknown, res: ServerResponse): number {
  if (typeof error === 'object' && error !== null) {
    const record = error as Record<string, unknown>;
    for (const value of [record.status, record.statusCode]) {
      if (typeof value === 'number' && value >= 400 && value <= 599) return value;
    }
  }
  return res.statusCode >= 400 && res.statusCode <= 599 ? res.statusCode : 500;
}
