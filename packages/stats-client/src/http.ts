import * as v from 'valibot';
import { SentryApiError, StatsClientConfigError, type SentryApiErrorCode } from './errors';
import { nextCursor } from './internal/link';
import type { Clock, QueryValue, RetryOptions, SentryHttp, SentryHttpOptions, SentryPaginateOptions, SentryRequestOptions, SentryResponse } from './types';

const DEFAULT_RETRY: Required<Omit<RetryOptions, 'random'>> = {
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRateLimitWaitMs: 120_000,
};

/** Sentry's Snuba "Query timeout" answer is a 400 that Sentry itself says to retry. */
const QUERY_TIMEOUT = /^query timeout/i;

/** Real time: `Date.now` and an abortable `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal!.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

function isBrowserRuntime(): boolean {
  const g = globalThis as { window?: unknown; document?: unknown };
  return typeof g.window !== 'undefined' && typeof g.document !== 'undefined';
}

function appendQuery(params: URLSearchParams, query: Record<string, QueryValue> | undefined): void {
  if (!query) return;
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    // Sentry's array parameters are repeated keys: `project=1&project=2`.
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
}

function detailOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (typeof body === 'object' && body !== null && typeof (body as { detail?: unknown }).detail === 'string') {
    return (body as { detail: string }).detail;
  }
  return undefined;
}

/** Parses `Retry-After` (seconds or an HTTP date) and Sentry's `X-Sentry-Rate-Limit-Reset` (epoch seconds). */
export function rateLimitWaitMs(headers: Headers, now: number): number | undefined {
  const waits: number[] = [];
  const reset = headers.get('x-sentry-rate-limit-reset');
  if (reset !== null && reset.trim() !== '' && Number.isFinite(Number(reset))) waits.push(Number(reset) * 1000 - now);
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) waits.push(seconds * 1000);
    else {
      const date = Date.parse(retryAfter);
      if (Number.isFinite(date)) waits.push(date - now);
    }
  }
  if (waits.length === 0) return undefined;
  // Both present (a proxy in front of Sentry): honour the later one so we never come back early.
  return Math.max(0, ...waits);
}

function describeIssue(issue: v.BaseIssue<unknown>): { field: string; message: string } {
  const field = v.getDotPath(issue) ?? '(root)';
  const received = issue.received;
  return { field, message: `field "${field}": ${issue.expected ? `expected ${issue.expected}` : issue.message}, received ${received}` };
}

interface AttemptFailure {
  code: SentryApiErrorCode;
  retryable: boolean;
  message: string;
  status?: number;
  detail?: string;
  body?: unknown;
  field?: string;
  waitMs?: number;
  cause?: unknown;
}

/**
 * The one HTTP core for Sentry's Web API, shared by `stats-client` and `alerts`: bearer auth,
 * timeouts, retries with backoff and jitter, 429 waits, `Link` pagination and schema validation.
 */
export function createSentryHttp(options: SentryHttpOptions): SentryHttp {
  if (isBrowserRuntime() && options.allowBrowser !== true) {
    throw new StatsClientConfigError(
      'The Sentry Web API client runs in Node only: an auth token in a browser bundle is readable by anyone. Call it from a server.',
      { code: 'browser_runtime', option: 'token' },
    );
  }
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch (cause) {
    throw new StatsClientConfigError(`Invalid baseUrl ${JSON.stringify(options.baseUrl)}: expected an absolute URL like https://sentry.io.`, {
      code: 'invalid_option',
      option: 'baseUrl',
      cause,
    });
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new StatsClientConfigError(`Invalid baseUrl ${JSON.stringify(options.baseUrl)}: only http and https are supported.`, {
      code: 'invalid_option',
      option: 'baseUrl',
    });
  }
  if (typeof options.token !== 'string' || options.token.trim() === '') {
    throw new StatsClientConfigError('Missing token: pass an auth token with org:read, project:read and event:read (add alerts:write to provision alerts).', {
      code: 'missing_option',
      option: 'token',
    });
  }
  // Accept the API root too (`…/api/0`, as local-sentry's `apiUrl` and some docs give it): paths carry it.
  const root = base.href.replace(/\/+$/, '').replace(/\/api\/0$/, '');
  const token = options.token.trim();
  const doFetch = options.fetch ?? globalThis.fetch;
  const clock = options.clock ?? systemClock;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const random = options.retry?.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? 30_000;

  function backoffMs(attempt: number): number {
    // "Equal jitter": half fixed, half random, so concurrent clients spread out but never retry instantly.
    const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt);
    return ceiling / 2 + random() * (ceiling / 2);
  }

  async function attemptOnce<T>(
    request: SentryRequestOptions<T>,
    url: string,
  ): Promise<{ ok: true; response: SentryResponse<T> } | { ok: false; failure: AttemptFailure }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs);
    const onAbort = (): void => controller.abort(request.signal!.reason);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
      if (request.body !== undefined) headers['content-type'] = 'application/json';
      let res: Response;
      let text: string;
      try {
        res = await doFetch(url, {
          method: request.method ?? 'GET',
          headers,
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          signal: controller.signal,
        });
        // The body is read under the same timeout: a server that sends headers then stalls is still a timeout.
        text = await res.text();
      } catch (cause) {
        if (request.signal?.aborted) return { ok: false, failure: { code: 'aborted', retryable: false, message: 'aborted by the caller', cause } };
        // A POST that timed out or lost its connection may have been applied; repeat it only when the
        // connection was refused (nothing was sent). Callers that create by name re-list instead.
        const idempotent = (request.method ?? 'GET') !== 'POST';
        if (controller.signal.aborted) return { ok: false, failure: { code: 'timeout', retryable: idempotent, message: `no response within ${timeoutMs} ms`, cause } };
        const refused = (cause as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
        return { ok: false, failure: { code: 'network', retryable: idempotent || refused, message: `network error: ${(cause as Error).message}`, cause } };
      }
      let body: unknown = undefined;
      let parseError: unknown;
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch (error) {
          parseError = error;
        }
      }
      const status = res.status;
      if (status >= 200 && status < 300) {
        if (parseError !== undefined || (text === '' && status !== 204 && request.schema !== undefined)) {
          return {
            ok: false,
            failure: { code: 'invalid_response', retryable: false, status, message: `body is not JSON (starts with ${JSON.stringify(text.slice(0, 40))})`, cause: parseError },
          };
        }
        let data = body as T;
        if (request.schema) {
          const result = v.safeParse(request.schema, body);
          if (!result.success) {
            const { field, message } = describeIssue(result.issues[0]);
            return { ok: false, failure: { code: 'invalid_response', retryable: false, status, message, field, cause: new v.ValiError(result.issues) } };
          }
          data = result.output;
        }
        return { ok: true, response: { status, data, headers: res.headers, nextCursor: nextCursor(res.headers.get('link')) } };
      }
      const detail = detailOf(body);
      const failure: AttemptFailure = { code: 'http_error', retryable: false, status, detail, body, message: `HTTP ${status}${detail ? `: ${detail}` : ''}` };
      const idempotent = (request.method ?? 'GET') !== 'POST';
      if (status === 429) {
        failure.code = 'rate_limited';
        failure.retryable = true;
        failure.waitMs = rateLimitWaitMs(res.headers, clock.now());
      } else if (status >= 500 || (status === 400 && detail !== undefined && QUERY_TIMEOUT.test(detail))) {
        // A POST that failed with 5xx may have been applied; only the caller can tell whether repeating is safe.
        failure.retryable = idempotent;
      }
      return { ok: false, failure };
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  }

  // When Sentry says the window is used up (`Remaining: 0`), the next call waits for the reset
  // instead of spending a request on a certain 429.
  let blockedUntil = 0;

  async function request<T = unknown>(req: SentryRequestOptions<T>): Promise<SentryResponse<T>> {
    const method = req.method ?? 'GET';
    const params = new URLSearchParams();
    appendQuery(params, req.query);
    const search = params.toString();
    const path = `${req.path}${search ? `?${search}` : ''}`;
    const url = `${root}${path}`;
    let attempts = 0;
    for (;;) {
      if (req.signal?.aborted) {
        throw new SentryApiError(`${method} ${path} aborted by the caller`, { code: 'aborted', method, path, retried: attempts > 1, attempts, cause: req.signal.reason });
      }
      const pause = blockedUntil - clock.now();
      if (pause > 0 && pause <= retry.maxRateLimitWaitMs) {
        try {
          await clock.sleep(pause, req.signal);
        } catch (cause) {
          throw new SentryApiError(`${method} ${path} aborted by the caller`, { code: 'aborted', method, path, retried: attempts > 0, attempts, cause });
        }
      }
      attempts += 1;
      const outcome = await attemptOnce(req, url);
      if (outcome.ok) {
        const headers = outcome.response.headers;
        if (headers.get('x-sentry-rate-limit-remaining') === '0') blockedUntil = clock.now() + (rateLimitWaitMs(headers, clock.now()) ?? 0);
        return outcome.response;
      }
      const f = outcome.failure;
      const retriesLeft = attempts <= retry.maxRetries;
      let waitMs = f.waitMs ?? backoffMs(attempts - 1);
      const tooLong = f.code === 'rate_limited' && waitMs > retry.maxRateLimitWaitMs;
      if (!f.retryable || !retriesLeft || tooLong) {
        const why = tooLong ? ` (Sentry asked to wait ${Math.ceil(waitMs / 1000)} s, more than retry.maxRateLimitWaitMs)` : '';
        throw new SentryApiError(`Sentry API ${method} ${path} failed: ${f.message}${why}${attempts > 1 ? ` after ${attempts} attempts` : ''}`, {
          code: f.code,
          method,
          path,
          status: f.status,
          detail: f.detail,
          field: f.field,
          body: f.body,
          retried: attempts > 1,
          attempts,
          cause: f.cause,
        });
      }
      // A reset already in the past still gets a short pause so we do not hammer a recovering server.
      if (f.code === 'rate_limited' && f.waitMs !== undefined) waitMs = Math.max(waitMs, 50);
      options.onRetry?.({ method, path, attempt: attempts, waitMs, reason: f.code, status: f.status });
      try {
        await clock.sleep(waitMs, req.signal);
      } catch (cause) {
        throw new SentryApiError(`${method} ${path} aborted by the caller`, { code: 'aborted', method, path, retried: true, attempts, cause });
      }
    }
  }

  async function* paginate<T>(opts: SentryPaginateOptions<T>): AsyncGenerator<T, void, undefined> {
    const pageSize = Math.min(opts.pageSize ?? 100, 100);
    if (!Number.isInteger(pageSize) || pageSize < 1) {
      throw new StatsClientConfigError(`Invalid pageSize ${String(opts.pageSize)}: use an integer from 1 to 100 (Sentry's maximum).`, {
        code: 'invalid_option',
        option: 'pageSize',
      });
    }
    const limit = opts.limit ?? Infinity;
    if (!(limit > 0)) return;
    const pageSchema = v.array(opts.itemSchema);
    let cursor: string | undefined;
    let yielded = 0;
    for (;;) {
      const remaining = limit - yielded;
      const size = Math.min(pageSize, remaining);
      const page = await request({
        path: opts.path,
        query: { ...opts.query, ...(opts.pageSizeParam === false ? {} : { [opts.pageSizeParam ?? 'per_page']: size }), cursor },
        schema: pageSchema,
        signal: opts.signal,
      });
      for (const item of page.data) {
        yield item;
        yielded += 1;
        if (yielded >= limit) return;
      }
      // Only `results="true"` means another page exists; Sentry always sends a `next` link.
      if (page.nextCursor === undefined || page.data.length === 0) return;
      cursor = page.nextCursor;
    }
  }

  return { request, paginate };
}
