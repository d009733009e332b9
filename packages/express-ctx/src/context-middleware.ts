import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getIsolationScope, type Event } from '@sentry/node';
import { defaultLogger, expect, headerName, safeWarn, wholeNumber } from './internal/options';
import { createRequestScrubber } from './internal/scrub';
import { applyFallbackContext, applyRequestContext, applyRequestIdentity, type RequestDataConfig } from './internal/request-data';
import { setState, trackRoutes, type ExpressRequest, type RequestState } from './internal/state';
import type { ContextMiddleware, ContextMiddlewareOptions, InvalidUserIdReason } from './types';

const DEFAULT_ALLOWED_HEADERS = [
  'accept',
  'accept-encoding',
  'accept-language',
  'content-length',
  'content-type',
  'host',
  'referer',
  'user-agent',
  'x-request-id',
] as const;
const DEFAULT_USER_ID_PATTERN = /^[A-Za-z0-9._:@|+-]+$/;
const NO_REQUEST_SCOPE =
  "express-ctx: there is no per-request Sentry isolation scope (Sentry.init did not run before the app, or its default Http integration was removed), so request context is attached only to errors createErrorHandler captures itself. Initialise Sentry in a file loaded with `node --import` and keep httpIntegration.";
// Request ids are echoed back, so only a conservative token alphabet is reused.
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:+=/-]{1,128}$/;

/**
 * Creates the middleware that gives every Sentry event the context of the request it came from:
 * the user (validated id from a trusted gateway header, `req.ip`, user agent), the request
 * (method, URL, parameterised route as the transaction name, allow-listed headers, query, and the
 * JSON/form body under a size cap, all scrubbed) and a request id (reused or generated, echoed on
 * the response, tagged on events). It writes only to the request's isolation scope, so nothing
 * leaks between concurrent requests. Install it before your routes (after body parsers or not:
 * the body is read when an event is captured).
 *
 * @throws {ExpressCtxOptionsError} when an option is invalid (at start-up, never per request).
 * @throws {ScrubbingConfigError} when `scrubbing` options are invalid (from @causal-organism/scrubbing).
 */
export function createContextMiddleware(options: ContextMiddlewareOptions = {}): ContextMiddleware {
  const trustUserId = options.trustUserIdHeader ?? false;
  const userIdHeader = headerName('userIdHeader', options.userIdHeader ?? 'x-user-id');
  const maxUserIdLength = wholeNumber('maxUserIdLength', options.maxUserIdLength ?? 128, { min: 1, max: 4096 });
  const pattern = options.userIdPattern ?? DEFAULT_USER_ID_PATTERN;
  expect(pattern instanceof RegExp, 'userIdPattern', 'expected a RegExp such as /^[a-z0-9-]+$/.');
  // A global or sticky RegExp keeps `lastIndex` between `test` calls: every other id would fail.
  const userIdPattern = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  const requestIdHeader = headerName('requestIdHeader', options.requestIdHeader ?? 'x-request-id');
  const trustRequestId = options.trustRequestIdHeader ?? true;
  const generateRequestId = options.generateRequestId ?? randomUUID;
  expect(typeof generateRequestId === 'function', 'generateRequestId', 'expected a function returning a string.');
  const requestIdTag = options.requestIdTag ?? 'request_id';
  expect(typeof requestIdTag === 'string' && requestIdTag !== '', 'requestIdTag', "expected a non-empty tag name such as 'request_id'.");
  const onInvalidUserId = options.onInvalidUserId;
  const logger = options.logger ?? defaultLogger;
  const config: RequestDataConfig = {
    allowedHeaders: (options.allowedHeaders ?? DEFAULT_ALLOWED_HEADERS).map((name, i) => headerName(`allowedHeaders[${i}]`, name)),
    includeQuery: options.includeQuery ?? true,
    maxBodyBytes: wholeNumber('maxBodyBytes', options.maxBodyBytes ?? 10_240, { min: 0, max: 1_048_576 }),
    includeIp: options.includeIp ?? true,
    requestIdHeader,
    userIdHeader,
    scrub: createRequestScrubber(options.scrubbing),
  };
  const stats = { invalidUserIds: 0, invalidRequestIds: 0, internalErrors: 0 };
  // The isolation scope outside any request. Seeing it inside a request means the SDK's HTTP
  // integration did not fork one (Sentry not initialised, or httpIntegration removed).
  const outerScope = getIsolationScope();
  let warnedUnscoped = false;

  function validUserId(raw: string | string[] | undefined): string | undefined {
    if (raw === undefined) return undefined;
    let reason: InvalidUserIdReason | undefined;
    if (Array.isArray(raw)) reason = 'repeated';
    else if (raw.length === 0) reason = 'empty';
    else if (raw.length > maxUserIdLength) reason = 'too-long';
    else if (!userIdPattern.test(raw)) reason = 'charset';
    if (reason === undefined) return raw as string;
    stats.invalidUserIds++;
    if (onInvalidUserId) {
      try {
        onInvalidUserId({ reason, header: userIdHeader, length: Array.isArray(raw) ? 0 : raw.length });
      } catch (error) {
        stats.internalErrors++;
        safeWarn(logger, 'express-ctx: onInvalidUserId threw; ignored.', { error: String(error) });
      }
    }
    return undefined;
  }

  function requestIdOf(raw: string | string[] | undefined): string {
    if (trustRequestId && typeof raw === 'string') {
      if (REQUEST_ID_PATTERN.test(raw)) return raw;
      stats.invalidRequestIds++;
    } else if (trustRequestId && raw !== undefined) {
      stats.invalidRequestIds++;
    }
    return generateRequestId();
  }

  // The per-request hot path: the request id (echoed at once), the validated user id (counted at
  // once) and one event processor that holds the request. Everything else (headers, query, body,
  // IP, user agent, the request id tag and the user on the event) is read only when an event is
  // captured; see applyRequestContext.
  function attachContext(req: ExpressRequest, res: ServerResponse): void {
    const isolationScope = getIsolationScope();
    // The SDK's Http integration forks an isolation scope per request. Without one, the current
    // isolation scope is the process-wide default: writing there would leak into every request,
    // and forking one here does not survive `next()` (the SDK's Express channel binding restores
    // the caller's context). So write nothing shared; the error handler applies the context to
    // the events it captures.
    const scope = isolationScope === outerScope ? undefined : isolationScope;
    if (scope === undefined && !warnedUnscoped) {
      warnedUnscoped = true;
      safeWarn(logger, NO_REQUEST_SCOPE);
    }
    const requestId = requestIdOf(req.headers[requestIdHeader]);
    if (!res.headersSent) res.setHeader(requestIdHeader, requestId);
    const state: RequestState = {
      req,
      scope,
      requestId,
      requestIdTag,
      userId: trustUserId ? validUserId(req.headers[userIdHeader]) : undefined,
      lastEventIdAtStart: isolationScope.lastEventId(),
      routeName: undefined,
      addContext: function addRequestContext(event: Event): Event {
        try {
          // Transactions and other typed events carry their own request data: only the request id and user.
          if (event.type !== undefined) applyRequestIdentity(event, state);
          else applyRequestContext(event, req, { state, config });
        } catch (error) {
          stats.internalErrors++;
          applyFallbackContext(event, req);
          safeWarn(logger, 'express-ctx: could not attach request context; sent a reduced event.', { error: String(error) });
        }
        return event;
      },
    };
    setState(state);
    trackRoutes(req);
    scope?.addEventProcessor(state.addContext);
  }

  function expressCtxContext(req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void {
    try {
      attachContext(req as unknown as ExpressRequest, res);
    } catch (error) {
      stats.internalErrors++;
      safeWarn(logger, 'express-ctx: could not set request context; the request goes on without it.', { error: String(error) });
    }
    next();
  }

  Object.defineProperty(expressCtxContext, 'stats', {
    enumerable: true,
    get: () => ({ ...stats }),
  });
  return expressCtxContext as ContextMiddleware;
}
