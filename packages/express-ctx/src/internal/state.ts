import { IncomingMessage } from 'node:http';
import { getIsolationScope, type Event, type Scope } from '@sentry/node';

/**
 * What the context middleware knows about one request. Kept on the request's isolation scope under
 * a `Symbol.for` key (so the error handler finds it even from another copy of the package), or,
 * without a per-request scope, in a WeakMap by request.
 */
export interface RequestState {
  /** The request this state belongs to. */
  readonly req: ExpressRequest;
  /** The request's own isolation scope, the only scope express-ctx writes to; undefined when the SDK forked none. */
  readonly scope: Scope | undefined;
  readonly requestId: string;
  readonly requestIdTag: string;
  /** The validated user id, if the header is trusted and was valid. */
  readonly userId: string | undefined;
  /** The event processor that puts this request's context on an event. */
  readonly addContext: (event: Event) => Event;
  /** `lastEventId()` of the scope when the request began; tells a new capture from an inherited id. */
  readonly lastEventIdAtStart: string | undefined;
  /** `METHOD /mount/route/:param`, set when Express picks the route. */
  routeName: string | undefined;
}

/** Shape of the Express request fields express-ctx reads (Express 4 and 5 agree on these). */
export interface ExpressRequest {
  method?: string;
  url?: string;
  originalUrl?: string;
  baseUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  protocol?: string;
  route?: { path?: unknown };
  query?: unknown;
  body?: unknown;
  [key: symbol]: unknown;
}

const STATE_KEY = Symbol.for('@causal-organism/express-ctx/request-state');
type ScopeWithState = Scope & { [STATE_KEY]?: RequestState };
// Requests without a per-request scope (the rare, degraded set-up).
const unscoped = new WeakMap<object, RequestState>();
// What Express assigned to `req.route`, readable from any context (metrics middleware reads it on
// 'finish'); one WeakMap entry per dispatched request.
const routes = new WeakMap<object, { path?: unknown }>();

/*
 * Why not a property on the request: every Express request object has its own mix of properties
 * (middleware and routes add different ones), so a property added to it is a store V8 cannot
 * cache and resolves in its runtime, several µs per request. The isolation scope is a fresh object
 * of one shape per request, and the scope is what events are processed against anyway.
 */

/** The state of `req`: from the current isolation scope when it is this request's, else the fallback. */
export function getState(req: ExpressRequest): RequestState | undefined {
  const state = (getIsolationScope() as ScopeWithState)[STATE_KEY];
  return state !== undefined && state.req === req ? state : unscoped.get(req);
}

export function setState(state: RequestState): void {
  if (state.scope !== undefined) (state.scope as ScopeWithState)[STATE_KEY] = state;
  else unscoped.set(state.req, state);
}

/** `METHOD /base/route`: the parameterised route as Sentry's transaction name. */
export function routeName(method: string | undefined, base: string | undefined, path: unknown): string | undefined {
  if (path === undefined || path === null) return undefined;
  const routePath = Array.isArray(path) ? path.map(pathText).join(',') : pathText(path);
  const joined = `${base ?? ''}${routePath === '/' && base ? '' : routePath}`;
  return `${(method ?? 'GET').toUpperCase()} ${joined === '' ? '/' : joined}`;
}

// Route paths are strings, RegExps or arrays of them (Express 4 and 5).
function pathText(path: unknown): string {
  return typeof path === 'string' ? path : path instanceof RegExp ? path.toString() : '';
}

/** Route of a request computed after the fact (works unless a nested router already exited). */
export function lateRouteName(req: ExpressRequest): string | undefined {
  return req.route ? routeName(req.method, req.baseUrl, req.route.path) : undefined;
}

const patchedPrototypes = new WeakSet<object>();
let lastPrototype: object | undefined;

/**
 * Express's own request prototype (`express.request`), shared by every app and sub-app of that
 * copy of Express: the object whose prototype is Node's IncomingMessage.prototype. Undefined for
 * anything that is not an Express request (never Object.prototype or IncomingMessage.prototype).
 */
function expressRequestPrototype(req: ExpressRequest): object | undefined {
  let proto = Object.getPrototypeOf(req) as object | null;
  while (proto !== null && proto !== IncomingMessage.prototype) {
    const parent = Object.getPrototypeOf(proto) as object | null;
    if (parent === IncomingMessage.prototype) return proto;
    proto = parent;
  }
  return undefined;
}

/**
 * Express assigns `req.route = route` when it dispatches to a route, at which moment
 * `req.baseUrl` still holds the mount path of a nested router or sub-app (it is restored when
 * that exits, before an app-level error handler runs). An accessor on Express's request
 * prototype records the full route at that moment, once per copy of Express and without
 * per-request allocations.
 */
export function trackRoutes(req: ExpressRequest): void {
  // The common case, every request of one app: the prototype seen last time, already patched.
  const direct = Object.getPrototypeOf(req) as object | null;
  if (direct !== null && direct === lastPrototype) return;
  const proto = expressRequestPrototype(req);
  if (proto === undefined) return;
  // The app's request object (`app.request`), whose prototype chain leads to `proto`.
  lastPrototype = direct ?? undefined;
  if (patchedPrototypes.has(proto)) return;
  patchedPrototypes.add(proto);
  if (Object.getOwnPropertyDescriptor(proto, 'route') !== undefined) return;
  Object.defineProperty(proto, 'route', {
    configurable: true,
    enumerable: false,
    get(this: ExpressRequest) {
      return routes.get(this);
    },
    set(this: ExpressRequest, route: { path?: unknown } | undefined) {
      if (route === undefined || route === null) routes.delete(this);
      else routes.set(this, route);
      const state = getState(this);
      if (state === undefined || route === undefined || route === null) return;
      const name = routeName(this.method, this.baseUrl, route.path);
      if (name !== undefined && name !== state.routeName) {
        state.routeName = name;
        state.scope?.setTransactionName(name);
      }
    },
  });
}
