// Loose readers for Sentry event JSON. Events come from any SDK, so every field is optional and
// read defensively: a missing or oddly typed field must never fail ingest.

/** A Sentry event payload as received. */
export type SentryEvent = Record<string, unknown>;

export interface Frame {
  filename?: string;
  abs_path?: string;
  module?: string;
  function?: string;
  lineno?: number;
  colno?: number;
  in_app?: boolean;
  context_line?: string;
  pre_context?: string[];
  post_context?: string[];
}

export interface ExceptionValue {
  type?: string;
  value?: string;
  module?: string;
  mechanism?: { type?: string; handled?: boolean };
  stacktrace?: { frames?: Frame[] };
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function exceptions(event: SentryEvent): ExceptionValue[] {
  const exception = asRecord(event.exception);
  const values = exception?.values;
  return Array.isArray(values) ? (values.filter((v) => asRecord(v) !== undefined) as ExceptionValue[]) : [];
}

/** The exception Sentry titles an issue after: the last one (outermost in Sentry's order). */
export function primaryException(event: SentryEvent): ExceptionValue | undefined {
  const all = exceptions(event);
  return all[all.length - 1];
}

export function frames(exception: ExceptionValue | undefined): Frame[] {
  const list = exception?.stacktrace?.frames;
  return Array.isArray(list) ? list.filter((f) => asRecord(f) !== undefined) : [];
}

/** The event's message, from `logentry` or `message` (string or object form). */
export function messageOf(event: SentryEvent): string | undefined {
  const logentry = asRecord(event.logentry);
  const fromLogentry = asString(logentry?.formatted) ?? asString(logentry?.message);
  if (fromLogentry !== undefined) return fromLogentry;
  if (typeof event.message === 'string') return event.message;
  const message = asRecord(event.message);
  return asString(message?.formatted) ?? asString(message?.message);
}

/** A stable identity for user counting: id, then email, username, IP. */
export function userKey(event: SentryEvent): string | null {
  const user = asRecord(event.user);
  if (!user) return null;
  for (const field of ['id', 'email', 'username', 'ip_address']) {
    const value = user[field];
    if (typeof value === 'string' || typeof value === 'number') return `${field}:${String(value)}`;
  }
  return null;
}

const LEVELS = new Set(['fatal', 'error', 'warning', 'info', 'debug', 'sample']);

export function levelOf(event: SentryEvent): string {
  const level = asString(event.level);
  if (level === 'warn') return 'warning';
  return level !== undefined && LEVELS.has(level) ? level : 'error';
}

/** Event timestamp in ms; SDKs send seconds (float) or RFC 3339 strings. */
export function timestampMs(event: SentryEvent, fallback: number): number {
  const ts = event.timestamp;
  if (typeof ts === 'number' && Number.isFinite(ts)) return Math.round(ts * 1000);
  if (typeof ts === 'string') {
    const parsed = Date.parse(ts);
    if (!Number.isNaN(parsed)) return parsed;
  }
  return fallback;
}

/** Tags as `[key, value]` pairs (SDKs send an object or a list of pairs). */
export function tagsOf(event: SentryEvent): Array<[string, string]> {
  const tags = event.tags;
  if (Array.isArray(tags)) {
    return tags.filter((t): t is [string, unknown] => Array.isArray(t) && typeof t[0] === 'string').map(([k, v]) => [k, String(v)]);
  }
  const record = asRecord(tags);
  return record ? Object.entries(record).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]) : [];
}
