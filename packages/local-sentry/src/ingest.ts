// The ingest side of Sentry's protocol as Relay speaks it: auth, decompression, size caps,
// envelope parsing, and Relay's status codes and bodies. The data goes to the store.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync, type ZlibOptions } from 'node:zlib';
import { IngestError } from './errors';
import { splitEnvelope, type RawItem } from './internal/envelope';
import { asRecord, asString } from './internal/event';
import type { IncomingEvent, IncomingItem, IngestWork, Outcome, Store } from './store';
import type { Clock, IngestLimits, Logger, ProjectConfig } from './types';
import type { GroupingOptions } from './grouping';
import { eventFacts } from './internal/facts';

/** Relay's CORS answer: any origin, POST, and the headers the browser SDK must be able to read. */
export const INGEST_CORS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-sentry-error, x-sentry-rate-limits, retry-after',
};

const PREFLIGHT: Record<string, string> = {
  ...INGEST_CORS,
  'access-control-allow-methods': 'POST',
  'access-control-allow-headers':
    'x-sentry-auth, x-requested-with, x-forwarded-for, origin, referer, accept, content-type, authentication, authorization, content-encoding, transfer-encoding',
  'access-control-max-age': '3600',
};

const RATE_LIMITED_DETAIL =
  'Sentry dropped data due to a quota or internal rate limit being reached. This will not affect your application. See https://docs.sentry.io/product/accounts/quotas/ for more information.';

/** Relay's data category for an item type (outcomes and rate limits are counted per category). */
const CATEGORY: Record<string, string> = {
  event: 'error',
  transaction: 'transaction',
  attachment: 'attachment',
  session: 'session',
  sessions: 'session',
  log: 'log_item',
  span: 'span',
  profile: 'profile',
  profile_chunk: 'profile_chunk',
  replay_event: 'replay',
  replay_recording: 'replay',
  check_in: 'monitor',
  feedback: 'feedback',
  user_report: 'user_report_v2',
  trace_metric: 'trace_metric',
};

const JSON_ITEMS = new Set(['event', 'transaction', 'session', 'sessions', 'client_report', 'log', 'span', 'feedback', 'user_report', 'check_in', 'profile', 'replay_event']);

/** Resolved limits with Relay's defaults. */
export interface ResolvedLimits {
  maxBodyBytes: number;
  maxEnvelopeBytes: number;
  maxItemBytes: number;
  maxAttachmentBytes: number;
}

export function resolveLimits(limits: IngestLimits | undefined): ResolvedLimits {
  return {
    maxBodyBytes: limits?.maxBodyBytes ?? 20 * 1024 * 1024,
    maxEnvelopeBytes: limits?.maxEnvelopeBytes ?? 200 * 1024 * 1024,
    maxItemBytes: limits?.maxItemBytes ?? 1024 * 1024,
    maxAttachmentBytes: limits?.maxAttachmentBytes ?? 100 * 1024 * 1024,
  };
}

/** Everything the ingest handler needs from the server. */
export interface IngestContext {
  store: Store;
  /** Turns bodies into store work, in worker threads when they run. */
  preparer: Preparer;
  grouping: GroupingOptions;
  projects: Map<number, ProjectConfig>;
  limits: ResolvedLimits;
  clock: Clock;
  logger: Logger | undefined;
}

/** Per-key token buckets for the optional ingest rate limit. */
class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Seconds to wait, or 0 when this envelope may pass. */
  take(key: string, perSecond: number, now: number): number {
    const bucket = this.buckets.get(key) ?? { tokens: perSecond, at: now };
    bucket.tokens = Math.min(perSecond, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
  }
}

function send(res: ServerResponse, { status, body, headers = {} }: { status: number; body: unknown; headers?: Record<string, string> }): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...INGEST_CORS, ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        reject(new IngestError('too-large', `request body exceeds ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!failed) reject(new IngestError('invalid-envelope', `request body could not be read: ${error.message}`, { cause: error }));
    });
  });
}

// Decompression is synchronous: it runs in an ingest worker thread (see internal/ingest-pool),
// where blocking is fine. Measured on the event loop, async zlib saved nothing: the stream
// machinery around each call cost as much main-thread time as the inflate itself.
const INFLATERS: Record<string, (body: Buffer, options: ZlibOptions) => Buffer> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

function decompress(body: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
  const value = (encoding ?? '').trim().toLowerCase();
  // Old sentry-ruby and sentry-java send `UTF-8` here; Relay ignores it, and so do we.
  if (value === '' || value === 'identity' || value === 'utf-8') return body;
  const inflater = INFLATERS[value];
  if (inflater === undefined) throw new IngestError('bad-encoding', `unsupported Content-Encoding "${value}"; send gzip, deflate, br or none`);
  try {
    return inflater(body, { maxOutputLength: maxBytes });
  } catch (cause) {
    if ((cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new IngestError('too-large', `envelope exceeds ${maxBytes} bytes after decompression`, { cause });
    }
    throw new IngestError('bad-encoding', `body could not be decompressed as ${value}: ${(cause as Error).message}`, { cause });
  }
}

function parseAuthHeader(value: string): Record<string, string> {
  const match = /^\s*sentry\s+(.*)$/i.exec(value);
  if (!match) throw new IngestError('invalid-auth', 'invalid authorization header: expected "Sentry sentry_key=..."');
  const fields: Record<string, string> = {};
  for (const part of match[1]!.split(',')) {
    const [key, ...rest] = part.trim().split('=');
    if (key) fields[key.trim()] = rest.join('=').trim();
  }
  return fields;
}

/** The public key from exactly one of X-Sentry-Auth, Authorization: Sentry, or the query string. */
function publicKeyOf(req: IncomingMessage, url: URL): string {
  const sources: string[] = [];
  const header = req.headers['x-sentry-auth'];
  if (typeof header === 'string') sources.push(parseAuthHeader(header).sentry_key ?? '');
  const authorization = req.headers.authorization;
  if (typeof authorization === 'string' && /^\s*sentry\s/i.test(authorization)) sources.push(parseAuthHeader(authorization).sentry_key ?? '');
  const query = url.searchParams.get('sentry_key');
  if (query !== null) sources.push(query);
  if (sources.length === 0) throw new IngestError('missing-auth', 'missing authorization information');
  if (sources.length > 1) throw new IngestError('multiple-auth', 'multiple authorization payloads detected');
  const key = sources[0]!;
  if (key === '') throw new IngestError('invalid-auth', 'missing sentry_key in authorization');
  return key;
}

function toBuffer(payload: unknown): Buffer {
  if (payload instanceof Uint8Array) return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  return Buffer.from(JSON.stringify(payload));
}

function jsonPayload(type: string, payload: unknown): unknown {
  if (!(payload instanceof Uint8Array)) return payload;
  try {
    return JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
  } catch (cause) {
    throw new IngestError('invalid-json', `item of type "${type}" is not valid JSON: ${(cause as Error).message}`, { cause });
  }
}

/** What turning a request body into store work needs besides the body. */
export interface WorkOptions {
  projectId: number;
  receivedMs: number;
  limits: ResolvedLimits;
  grouping: GroupingOptions;
}

/** Turns a decompressed envelope into work for the store, enforcing item caps. */
export function envelopeToWork(raw: Buffer, options: WorkOptions): { work: IngestWork; eventId: string | undefined } {
  let envelope: [unknown, RawItem[]];
  try {
    envelope = splitEnvelope(raw);
  } catch (cause) {
    throw new IngestError('invalid-envelope', `invalid event envelope: ${(cause as Error).message}`, { cause });
  }
  const [headers, items] = envelope;
  if (asRecord(headers) === undefined) throw new IngestError('invalid-envelope', 'invalid event envelope: the first line must be a JSON object (the envelope header)');
  const work: IngestWork = { projectId: options.projectId, receivedMs: options.receivedMs, events: [], items: [], outcomes: [] };
  let eventId = asString((headers as Record<string, unknown>).event_id);
  const accepted = new Map<string, number>();
  for (const [itemHeaders, rawPayload, rawText] of items) {
    const header = asRecord(itemHeaders);
    const type = asString(header?.type);
    if (type === undefined) throw new IngestError('invalid-envelope', 'invalid event envelope: an item header has no "type"');
    const isJson = JSON_ITEMS.has(type);
    const payload = isJson ? jsonPayload(type, rawPayload) : rawPayload;
    if (type === 'event' || type === 'transaction') {
      const event = asRecord(payload);
      if (event === undefined) throw new IngestError('invalid-json', `item of type "${type}" must be a JSON object`);
      const own = asString(event.event_id);
      const id = own ?? eventId ?? randomUUID().replaceAll('-', '');
      event.event_id = id;
      eventId ??= id;
      // Stored as sent when nothing was added; re-serialised only when the event lacked its id.
      const text = rawText ?? (rawPayload instanceof Uint8Array ? Buffer.from(rawPayload.buffer, rawPayload.byteOffset, rawPayload.byteLength).toString('utf8') : undefined);
      const asSent = own !== undefined && text !== undefined;
      const json = asSent ? text : JSON.stringify(event);
      if (json.length > options.limits.maxItemBytes) throw new IngestError('too-large', `${type} item exceeds ${options.limits.maxItemBytes} bytes`);
      work.events.push({ kind: type, facts: eventFacts(type, event, options), json, asSent } satisfies IncomingEvent);
      accepted.set(CATEGORY[type]!, (accepted.get(CATEGORY[type]!) ?? 0) + 1);
      continue;
    }
    if (type === 'client_report') {
      // What the SDK dropped before sending: stored as client_discard outcomes, like Sentry.
      const discarded = asRecord(payload)?.discarded_events;
      if (Array.isArray(discarded)) {
        for (const entry of discarded) {
          const d = asRecord(entry);
          const quantity = typeof d?.quantity === 'number' ? d.quantity : 0;
          if (d && quantity > 0) work.outcomes.push({ category: asString(d.category) ?? 'default', outcome: 'client_discard', reason: asString(d.reason) ?? null, quantity });
        }
      }
      continue;
    }
    const body = isJson ? JSON.stringify(payload) : toBuffer(payload);
    const max = type === 'attachment' ? options.limits.maxAttachmentBytes : options.limits.maxItemBytes;
    if (body.length > max) throw new IngestError('too-large', `${type} item exceeds ${max} bytes`);
    const count = typeof header?.item_count === 'number' ? header.item_count : type === 'sessions' ? sessionCount(payload) : 1;
    work.items.push({ type, body, count } satisfies IncomingItem);
    const category = CATEGORY[type];
    if (category !== undefined) accepted.set(category, (accepted.get(category) ?? 0) + (type === 'attachment' ? body.length : count));
  }
  for (const [category, quantity] of accepted) work.outcomes.push({ category, outcome: 'accepted', reason: null, quantity } satisfies Outcome);
  return { work, eventId };
}

function sessionCount(payload: unknown): number {
  const aggregates = asRecord(payload)?.aggregates;
  if (!Array.isArray(aggregates)) return 1;
  return aggregates.reduce((sum: number, a) => {
    const r = asRecord(a) ?? {};
    return sum + ['exited', 'errored', 'crashed', 'abnormal'].reduce((s, k) => s + (typeof r[k] === 'number' ? r[k] : 0), 0);
  }, 0);
}

/** Legacy `/store/`: one event as JSON (also base64 and zlib, as old SDKs send). */
function storeToWork(raw: Buffer, options: WorkOptions): { work: IngestWork; eventId: string } {
  let text = raw.toString('utf8').trim();
  if (!text.startsWith('{')) {
    try {
      const decoded = Buffer.from(text, 'base64');
      text = (decoded[0] === 0x78 ? inflateSync(decoded) : decoded).toString('utf8');
    } catch (cause) {
      throw new IngestError('invalid-json', 'store body is neither JSON nor base64-encoded JSON', { cause });
    }
  }
  let event: Record<string, unknown> | undefined;
  try {
    event = asRecord(JSON.parse(text));
  } catch (cause) {
    throw new IngestError('invalid-json', `invalid JSON in store body: ${(cause as Error).message}`, { cause });
  }
  if (event === undefined) throw new IngestError('invalid-json', 'store body must be a JSON object (one event)');
  const eventId = asString(event.event_id) ?? randomUUID().replaceAll('-', '');
  event.event_id = eventId;
  const json = JSON.stringify(event);
  if (json.length > options.limits.maxItemBytes) throw new IngestError('too-large', `event exceeds ${options.limits.maxItemBytes} bytes`);
  const kind = event.type === 'transaction' ? 'transaction' : 'event';
  const category = kind === 'transaction' ? 'transaction' : 'error';
  return {
    eventId,
    work: { projectId: options.projectId, receivedMs: options.receivedMs, events: [{ kind, facts: eventFacts(kind, event, options), json }], items: [], outcomes: [{ category, outcome: 'accepted', reason: null, quantity: 1 }] },
  };
}

/** A request body to turn into store work, as posted to an ingest worker. */
export interface PrepareRequest {
  body: Uint8Array;
  encoding: string | undefined;
  endpoint: 'envelope' | 'store';
  projectId: number;
  receivedMs: number;
}

/** Store work for one request, and the event id to answer with. */
export interface Prepared {
  work: IngestWork;
  eventId: string | undefined;
}

/** Turns request bodies into store work; see internal/ingest-pool. */
export interface Preparer {
  prepare(request: PrepareRequest): Promise<Prepared>;
  close(): Promise<void>;
}

/** Decompresses, parses and groups one request: what an ingest worker runs (and the inline fallback). */
export function prepareRequest(request: PrepareRequest, options: { limits: ResolvedLimits; grouping: GroupingOptions }): Prepared {
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
  const raw = decompress(body, request.encoding, options.limits.maxEnvelopeBytes);
  const workOptions = { projectId: request.projectId, receivedMs: request.receivedMs, limits: options.limits, grouping: options.grouping };
  if (request.endpoint === 'store') return storeToWork(raw, workOptions);
  const prepared = envelopeToWork(raw, workOptions);
  // An envelope that is one event, sent gzipped, with its own id (what the SDKs send for every
  // error): its payload is stored as the gzipped envelope itself. That is the event exactly as
  // sent, at half the size of its JSON and with no compression work, and half the bytes to
  // write and checkpoint on the event loop. `decodePayload` reads it back.
  const only = prepared.work.events[0];
  const encoding = (request.encoding ?? '').trim().toLowerCase();
  if (
    only?.asSent === true &&
    prepared.work.events.length === 1 &&
    prepared.work.items.length === 0 &&
    (encoding === 'gzip' || encoding === 'x-gzip') &&
    body.length < only.json.length
  ) {
    only.json = body;
  }
  return prepared;
}

/** Builds the handler for `POST|OPTIONS /api/<project_id>/(envelope|store)/`. */
export function createIngestHandler(ctx: IngestContext): (req: IncomingMessage, res: ServerResponse, route: { projectId: number; endpoint: 'envelope' | 'store'; url: URL }) => void {
  const limiter = new RateLimiter();
  const handle = async (req: IncomingMessage, res: ServerResponse, route: { projectId: number; endpoint: 'envelope' | 'store'; url: URL }): Promise<void> => {
    if (req.method === 'OPTIONS') {
      res.writeHead(200, PREFLIGHT);
      res.end();
      return;
    }
    if (req.method !== 'POST') {
      send(res, { status: 405, body: { detail: 'method not allowed; send envelopes with POST' }, headers: { allow: 'POST, OPTIONS' } });
      return;
    }
    const project = ctx.projects.get(route.projectId);
    const key = publicKeyOf(req, route.url);
    if (project === undefined) throw new IngestError('unknown-project', `invalid project id ${route.projectId}: no such project`);
    if (!project.keys.includes(key)) throw new IngestError('unknown-key', 'invalid api key');
    const body = await readBody(req, ctx.limits.maxBodyBytes);
    const receivedMs = ctx.clock.now();
    const request: PrepareRequest = { body, encoding: req.headers['content-encoding'], endpoint: route.endpoint, projectId: project.id, receivedMs };
    if (project.rateLimitPerSecond !== undefined) {
      const wait = limiter.take(key, project.rateLimitPerSecond, receivedMs);
      if (wait > 0) {
        // Count what was refused the way Sentry does (rate_limited outcomes), then answer like Relay.
        const refused = tryCount(() => prepareRequest(request, ctx).work);
        if (refused.length > 0) await ctx.store.submit({ projectId: project.id, receivedMs, events: [], items: [], outcomes: refused });
        send(res, { status: 429, body: { detail: RATE_LIMITED_DETAIL }, headers: { 'retry-after': String(wait), 'x-sentry-rate-limits': `${wait}::key:key_quota` } });
        return;
      }
    }
    const { work, eventId } = await ctx.preparer.prepare(request);
    await ctx.store.submit(work);
    send(res, { status: 200, body: eventId === undefined ? {} : { id: eventId } });
  };
  return (req, res, route) => {
    handle(req, res, route).catch((error: unknown) => {
      if (IngestError.isInstance(error)) {
        if (!res.headersSent) send(res, { status: error.status, body: { detail: error.message }, headers: error.status === 401 ? {} : { 'x-sentry-error': error.message } });
        // Stop reading a body we refused (e.g. too large) without killing the keep-alive socket needlessly.
        if (!req.complete) req.resume();
        return;
      }
      ctx.logger?.error('ingest failed', { error: String(error) });
      if (!res.headersSent) send(res, { status: 500, body: { detail: 'Internal Error' } });
    });
  };
}

function tryCount(build: () => IngestWork): Outcome[] {
  try {
    return build().outcomes.map((o) => ({ ...o, outcome: 'rate_limited', reason: 'key_quota' }));
  } catch {
    return [];
  }
}
