import type { Event, RequestEventData } from '@sentry/node';
import type { RequestScrubber } from './scrub';
import { lateRouteName, type ExpressRequest, type RequestState } from './state';

/** Resolved options the event processor needs. */
export interface RequestDataConfig {
  allowedHeaders: readonly string[];
  includeQuery: boolean;
  maxBodyBytes: number;
  includeIp: boolean;
  /** Echoed with the effective id, never the raw (possibly rejected) incoming value. */
  requestIdHeader: string;
  /** Never copied as a header: the validated id is `user.id`, a rejected one must not leak. */
  userIdHeader: string;
  scrub: RequestScrubber;
}

const MAX_USER_AGENT = 512;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded\b/i;

/**
 * Puts this request's context on an event, at capture time. Done lazily (not per request) so a
 * request that never errors pays nothing for it, and so the body is read after body parsing
 * wherever the middleware sits. It replaces what the SDK's RequestData integration attached:
 * that copy has every header, the raw unscrubbed body and an IP taken from spoofable headers.
 */
export function applyRequestContext(event: Event, req: ExpressRequest, args: { state: RequestState; config: RequestDataConfig }): void {
  const { state, config } = args;
  const headers: Record<string, string> = {};
  for (const name of config.allowedHeaders) {
    if (name === config.userIdHeader) continue;
    const value = name === config.requestIdHeader ? state.requestId : req.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const body = config.maxBodyBytes > 0 ? bodyOf(req, config.maxBodyBytes) : undefined;
  const query = config.includeQuery ? plainQuery(req.query) : undefined;
  // One scrubbing pass over everything taken from the request.
  const scrubbed = config.scrub({ headers, query, data: body });

  const request: RequestEventData = {
    method: req.method,
    url: urlOf(req),
    headers: scrubbed.headers,
  };
  if (scrubbed.query !== undefined && Object.keys(scrubbed.query).length > 0) request.query_string = pairs(scrubbed.query);
  if (scrubbed.data !== undefined) request.data = scrubbed.data;
  event.request = request;

  applyRequestIdentity(event, state);
  const user: NonNullable<Event['user']> = { ...event.user };
  // Never the SDK's header-derived guess: `req.ip` honours the app's `trust proxy` setting.
  delete user.ip_address;
  if (config.includeIp && typeof req.ip === 'string' && req.ip !== '') user.ip_address = req.ip;
  const agent = req.headers['user-agent'];
  if (typeof agent === 'string') user.user_agent = agent.slice(0, MAX_USER_AGENT);
  event.user = user;

  const route = state.routeName ?? lateRouteName(req);
  if (route !== undefined) event.transaction = route;
}

/**
 * The request id tag and the validated user id, on every event of the request (transactions too).
 * What the app set itself on the scope (tag or user id) wins.
 */
export function applyRequestIdentity(event: Event, state: RequestState): void {
  if (event.tags?.[state.requestIdTag] === undefined) event.tags = { ...event.tags, [state.requestIdTag]: state.requestId };
  if (state.userId !== undefined && event.user?.id === undefined) event.user = { ...event.user, id: state.userId };
}

/** Minimal request context for when building the full one failed: never the raw body. */
export function applyFallbackContext(event: Event, req: ExpressRequest): void {
  event.request = { method: req.method };
  if (event.user) delete event.user.ip_address;
}

function urlOf(req: ExpressRequest): string {
  const path = (req.originalUrl ?? req.url ?? '/').split('?', 1)[0] ?? '/';
  const host = req.headers.host;
  return typeof host !== 'string' ? path : `${req.protocol ?? 'http'}://${host}${path}`;
}

function bodyOf(req: ExpressRequest, maxBytes: number): unknown {
  const type = req.headers['content-type'];
  if (typeof type !== 'string' || !(JSON_TYPE.test(type) || FORM_TYPE.test(type))) return undefined;
  const body = req.body;
  // Only what a body parser produced; a raw Buffer/stream or text is never attached.
  if (body === null || typeof body !== 'object' || Buffer.isBuffer(body)) return undefined;
  const declared = Number(req.headers['content-length']);
  const size = Number.isFinite(declared) ? declared : Buffer.byteLength(JSON.stringify(body));
  if (size > maxBytes) return `[Omitted: body of ${size} bytes exceeds maxBodyBytes ${maxBytes}]`;
  return body;
}

/** Express 4's `qs` gives nested objects, Express 5's simple parser strings and arrays. */
function plainQuery(query: unknown): Record<string, unknown> | undefined {
  return query !== null && typeof query === 'object' ? (query as Record<string, unknown>) : undefined;
}

function pairs(query: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      out.push([key, typeof item === 'string' ? item : JSON.stringify(item)]);
    }
  }
  return out;
}
