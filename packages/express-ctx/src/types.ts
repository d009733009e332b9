/**
 * Public types of express-ctx. Express itself is a peer dependency and is never imported here:
 * these structural types accept the request and response of Express 4 and 5 alike.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ScrubOptions } from '@causal-organism/scrubbing';

/** Where express-ctx reports its own problems. It never throws into the host. */
export interface ExpressCtxLogger {
  /** A problem the operator should see once (missing instrumentation, an internal failure). */
  warn: (message: string, details?: Record<string, unknown>) => void;
}

/** Why a user id header value was dropped. The value itself is never reported. */
export type InvalidUserIdReason = 'empty' | 'too-long' | 'charset' | 'repeated';

/** Passed to `onInvalidUserId`. Carries no part of the rejected value, so it is safe to log. */
export interface InvalidUserIdInfo {
  reason: InvalidUserIdReason;
  /** The (lower-cased) header name that carried the value. */
  header: string;
  /** Length of the rejected value in characters (0 when repeated). */
  length: number;
}

/** Counters a context middleware keeps; read them from `middleware.stats`. */
export interface ContextMiddlewareStats {
  /** Requests whose user id header was present but failed validation (value dropped). */
  readonly invalidUserIds: number;
  /** Requests whose request id header was present but failed validation (a new id was generated). */
  readonly invalidRequestIds: number;
  /** Failures inside express-ctx itself (each was caught; the request went on). */
  readonly internalErrors: number;
}

/** Options of {@link createContextMiddleware}. */
export interface ContextMiddlewareOptions {
  /**
   * The user id header is accepted only when the app says a trusted gateway sets it (and strips it
   * from client requests). With `false` the header is ignored: any client could forge it.
   * @default false
   */
  trustUserIdHeader?: boolean;
  /** Header carrying the authenticated user id. @default 'x-user-id' */
  userIdHeader?: string;
  /** Longest accepted user id, in characters. @default 128 */
  maxUserIdLength?: number;
  /**
   * Characters a user id may consist of. Tested against the whole value.
   * @default /^[A-Za-z0-9._:@|+-]+$/
   */
  userIdPattern?: RegExp;
  /** Called once per request whose user id header was dropped (also counted in `stats`). */
  onInvalidUserId?: (info: InvalidUserIdInfo) => void;
  /** Header carrying the request id, read from the request and echoed on the response. @default 'x-request-id' */
  requestIdHeader?: string;
  /** Reuse a valid incoming request id (else always generate one). @default true */
  trustRequestIdHeader?: boolean;
  /** Makes a request id when none (valid) came in. @default crypto.randomUUID */
  generateRequestId?: () => string;
  /** Event tag that carries the request id. @default 'request_id' */
  requestIdTag?: string;
  /**
   * Request headers copied onto events (case-insensitive). An allow list: anything not named
   * here is never sent. Values still go through scrubbing. The user id header is never copied
   * (the validated id is `user.id`) and the request id header shows the effective request id.
   * @default ['accept', 'accept-encoding', 'accept-language', 'content-length', 'content-type', 'host', 'referer', 'user-agent', 'x-request-id']
   */
  allowedHeaders?: readonly string[];
  /** Attach the parsed query (scrubbed). @default true */
  includeQuery?: boolean;
  /**
   * Attach the parsed body of JSON and URL-encoded form requests up to this many bytes
   * (scrubbed); `0` never attaches bodies. Other content types are never attached.
   * @default 10240
   */
  maxBodyBytes?: number;
  /**
   * Options of the scrubbing engine (`@causal-organism/scrubbing`) that every header, query and
   * body value attached to an event passes through. Scrubbing cannot be switched off.
   * @default the engine's defaults (sensitive keys, cards, SSNs, tokens, keys, …)
   */
  scrubbing?: ScrubOptions;
  /** Attach `req.ip` (which honours Express `trust proxy`) as the user's IP. @default true */
  includeIp?: boolean;
  /** Where internal failures are reported. @default process.emitWarning */
  logger?: ExpressCtxLogger;
}

/** A request handler Express 4 and 5 both accept (`app.use(middleware)`). */
export interface ContextMiddleware {
  (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void;
  /** Live counters (dropped user ids, replaced request ids, internal failures). */
  readonly stats: ContextMiddlewareStats;
}

/** What a capture policy callback sees. */
export interface CaptureDecisionInfo {
  /** The value the app passed to `next(err)` or threw. */
  error: unknown;
  /** The HTTP status the error maps to (400-599), as Express's final handler computes it. */
  status: number;
  req: IncomingMessage;
}

/** Options of {@link createErrorHandler}. */
export interface ErrorHandlerOptions {
  /**
   * 4xx statuses that are captured (5xx always are). Validation failures (400, 422) by default;
   * 401/403/404 are ordinary traffic, not errors of the service.
   * @default [400, 422]
   */
  captureClientErrorStatuses?: readonly number[];
  /** Overrides `captureClientErrorStatuses`: decides per 4xx error. 5xx are captured regardless. */
  shouldCaptureClientError?: (info: CaptureDecisionInfo) => boolean;
  /** Response header that returns the event id, so support can find the event; `false` disables. @default 'x-sentry-event-id' */
  eventIdHeader?: string | false;
  /** Where the one missing-instrumentation warning and internal failures go. @default process.emitWarning */
  logger?: ExpressCtxLogger;
}

/** An Express error-handling middleware (four parameters, so Express routes errors to it). */
// eslint-disable-next-line max-params -- Express's error middleware signature
export type ErrorHandler = (err: unknown, req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;
