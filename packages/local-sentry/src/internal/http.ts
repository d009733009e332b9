import type { IncomingMessage, ServerResponse } from 'node:http';

/** An API failure answered as Sentry does: `{"detail": ...}` with a status. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export const API_CORS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'X-Sentry-Error, X-Hits, X-Max-Hits, Endpoint, Retry-After, Link',
};

/** Writes a JSON answer with the API's CORS headers. */
export function sendJson(res: ServerResponse, { status, body, headers = {} }: { status: number; body?: unknown; headers?: Record<string, string> }): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status, { ...API_CORS, ...headers });
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...API_CORS, ...headers });
  res.end(text);
}

export async function readJsonBody(req: IncomingMessage, maxBytes = 1024 * 1024): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new ApiFailure(413, `request body exceeds ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiFailure(400, 'JSON parse error - request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ApiFailure(400, 'request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `24h`, `14d`, `30m` ... to milliseconds; throws a 400 for anything else. */
export function parsePeriod(value: string, name = 'statsPeriod'): number {
  const match = /^(\d+)([smhdw])$/.exec(value);
  if (!match) throw new ApiFailure(400, `Invalid ${name}: "${value}". Use a number followed by s, m, h, d or w, e.g. 24h or 14d.`);
  return Number(match[1]) * UNITS[match[2]!]!;
}

/** A start/end time from ISO-8601 or epoch seconds. */
export function parseInstant(value: string, name: string): number {
  const asNumber = Number(value);
  const ms = value.trim() !== '' && Number.isFinite(asNumber) ? asNumber * 1000 : Date.parse(value);
  if (Number.isNaN(ms)) throw new ApiFailure(400, `Invalid ${name}: "${value}". Use ISO-8601 or epoch seconds.`);
  return ms;
}

/** The `[start, end]` range of a request from `statsPeriod` or `start`/`end`. */
export function timeRange(params: URLSearchParams, options: { now: number; defaultPeriodMs: number | null }): { start: number; end: number } | null {
  const period = params.get('statsPeriod');
  if (period !== null && period !== '') return { start: options.now - parsePeriod(period), end: options.now };
  const start = params.get('start');
  const end = params.get('end');
  if (start !== null || end !== null) {
    if (start === null || end === null) throw new ApiFailure(400, 'start and end must be given together');
    const range = { start: parseInstant(start, 'start'), end: parseInstant(end, 'end') };
    if (range.start > range.end) throw new ApiFailure(400, 'start must be before or equal to end');
    return range;
  }
  return options.defaultPeriodMs === null ? null : { start: options.now - options.defaultPeriodMs, end: options.now };
}

/** Sentry's cursor `value:offset:is_prev`; we page by offset. */
export function parseCursor(value: string | null): number {
  if (value === null || value === '') return 0;
  const parts = value.split(':');
  if (parts.length !== 3 || parts.some((p) => !/^-?\d+$/.test(p))) throw new ApiFailure(400, 'Invalid cursor parameter.');
  return Math.max(0, Number(parts[1]));
}

/** Sentry's `Link` header: both rels always, `results` says whether following them gives rows. */
export function linkHeader(options: { base: string; url: URL; offset: number; limit: number; hasNext: boolean }): string {
  const params = new URLSearchParams(options.url.searchParams);
  params.delete('cursor');
  const query = params.toString();
  const uri = `${options.base}${options.url.pathname}?${query}`;
  const prevOffset = Math.max(0, options.offset - options.limit);
  const prev = `0:${prevOffset}:1`;
  const next = `0:${options.offset + options.limit}:0`;
  return [
    `<${uri}&cursor=${prev}>; rel="previous"; results="${options.offset > 0}"; cursor="${prev}"`,
    `<${uri}&cursor=${next}>; rel="next"; results="${options.hasNext}"; cursor="${next}"`,
  ].join(', ');
}

/** A positive integer parameter with a default and a cap (over the cap is a 400, like Sentry's per_page). */
export function intParam(params: URLSearchParams, options: { name: string; fallback: number; max: number }): number {
  const raw = params.get(options.name);
  if (raw === null || raw === '') return options.fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ApiFailure(400, `Invalid ${options.name} value: "${raw}" is not a positive integer.`);
  if (value > options.max) throw new ApiFailure(400, `Invalid ${options.name} value. Cannot exceed ${options.max}.`);
  return value;
}

export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z');
}
