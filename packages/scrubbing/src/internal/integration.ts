import {
  debug,
  type Breadcrumb,
  type Client,
  type Envelope,
  type Event,
  type Integration,
  type Log,
  type Metric,
  type StreamedSpanJSON,
} from '@sentry/core';
import type { ScrubLogger, ScrubbingIntegrationOptions, ScrubOptions } from '../types';
import type { Engine } from './options';

const FAILED = '[Filtered: scrubbing failed]';
/** Span attributes kept when a span could not be scrubbed: SDK-written, no user data. */
const SAFE_SPAN_ATTRIBUTES = ['sentry.op', 'sentry.origin', 'sentry.source', 'sentry.sample_rate', 'sentry.status'];

type Fail = (where: string, error: unknown) => void;

/** Builds an {@link Engine} from options: the Node engine or the browser engine. */
export type EngineFactory = (options?: ScrubOptions) => Engine;

/**
 * The Sentry (v11) integration around an engine (both entries wire in their own). It scrubs every way data leaves the SDK, and fails closed:
 * - error and transaction events in `processEvent` (after the SDK's own integrations added request
 *   and user data), and again in `beforeSendEvent`, after your `beforeSend`;
 * - breadcrumbs when they are recorded (`beforeAddBreadcrumb`);
 * - streamed spans in `processSpan` (it runs for every span, after `processSegmentSpan` hooks
 *   of other integrations have added request data to segment spans);
 * - logs in `beforeCaptureLog`, metrics in `processMetric`;
 * - a last pass over log, metric and span envelope items, session distinct ids and IPs, and the
 *   envelope's trace header in `beforeEnvelope`, which also covers scope attributes the SDK adds
 *   after those hooks.
 *
 * If scrubbing throws, the data is reduced to a safe minimum (an event keeps its type, exception
 * types and frames without variables; a log keeps its level; a span its op) or dropped, never sent
 * raw, and the failure goes to `onScrubFailure` and `logger`.
 * @throws {ScrubbingConfigError} when options are invalid (at construction, not per event)
 */
export function createScrubbingIntegration(createEngine: EngineFactory, options: ScrubbingIntegrationOptions = {}): Integration {
  const { onScrubFailure, logger, ...engineOptions } = options;
  const engine = createEngine(engineOptions);
  const log: ScrubLogger = logger ?? debug;
  const fail: Fail = (where, error) => {
    try {
      // The error's message may itself contain the secret that broke scrubbing: log its type only.
      const kind = error instanceof Error ? error.name : typeof error;
      log.error(`[scrubbing] scrubbing a ${where} threw ${kind}; it was reduced to a safe minimum instead of being sent raw`);
    } catch {
      // A broken logger must not break the host.
    }
    try {
      onScrubFailure?.(error);
    } catch {
      // Same for the counter callback.
    }
  };

  return {
    name: 'Scrubbing',
    setup(client: Client) {
      client.on('beforeAddBreadcrumb', (breadcrumb) => scrubBreadcrumb(engine, breadcrumb, fail));
      client.on('beforeCaptureLog', (entry) => scrubLog(engine, entry, fail));
      client.on('processMetric', (metric) => scrubMetric(engine, metric, fail));
      client.on('beforeSendEvent', (event) => guardEvent(engine, event, fail));
      client.on('beforeEnvelope', (envelope) => scrubEnvelope(engine, envelope, fail));
    },
    processEvent(event: Event): Event | null {
      try {
        return engine.scrubEvent(event);
      } catch (error) {
        fail('event', error);
        try {
          return safeMinimum(engine, event);
        } catch {
          return null;
        }
      }
    },
    processSpan(span: StreamedSpanJSON) {
      scrubSpan(engine, span, fail);
    },
  };
}

/** Make `target` hold exactly the fields of `source` (hooks can only mutate, not replace). */
function replaceContents(target: object, source: object): void {
  const t = target as Record<string, unknown>;
  for (const key of Object.keys(t)) if (!(key in source)) delete t[key];
  Object.assign(t, source);
}

function guardEvent(engine: Engine, event: Event, fail: Fail): void {
  try {
    const out = engine.scrubEvent(event);
    if (out !== event) replaceContents(event, out);
  } catch (error) {
    fail('event', error);
    let minimum: Event;
    try {
      minimum = safeMinimum(engine, event);
    } catch {
      minimum = { event_id: readString(() => event.event_id), message: FAILED };
    }
    try {
      replaceContents(event, minimum);
    } catch {
      // Could not even replace it: strip what can be stripped.
      for (const key of Object.keys(event)) if (key !== 'event_id') delete (event as Record<string, unknown>)[key];
    }
  }
}

function readString(get: () => unknown): string | undefined {
  try {
    const v = get();
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

function read<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}

/**
 * What an event is reduced to when scrubbing it failed: identity, level, exception types and
 * code locations (frames without vars or source lines), trace ids. Every read is guarded, because
 * the failure may come from a hostile getter.
 */
export function safeMinimum(engine: Engine, event: Event): Event {
  const text = (v: unknown): string | undefined => {
    if (typeof v !== 'string') return undefined;
    try {
      return engine.scrubText(v);
    } catch {
      return undefined;
    }
  };
  const min: Event = {
    event_id: readString(() => event.event_id),
    timestamp: read(() => event.timestamp),
    start_timestamp: read(() => event.start_timestamp),
    platform: readString(() => event.platform),
    level: read(() => event.level),
    environment: readString(() => event.environment),
    release: readString(() => event.release),
    sdk: read(() => event.sdk),
    tags: { scrubbing_failed: 'true' },
  };
  const type = read(() => event.type);
  if (type !== undefined) min.type = type;
  if (read(() => event.message) !== undefined || read(() => event.logentry) !== undefined) min.message = FAILED;
  if (type === 'transaction') min.transaction = FAILED;
  const trace = read(() => event.contexts?.trace);
  if (trace) {
    min.contexts = {
      trace: {
        trace_id: readString(() => trace.trace_id) ?? '',
        span_id: readString(() => trace.span_id) ?? '',
        parent_span_id: readString(() => trace.parent_span_id),
        op: text(read(() => trace.op)),
      },
    };
  }
  const values = read(() => event.exception?.values);
  if (Array.isArray(values)) {
    min.exception = {
      values: values.slice(0, 10).map((v) => {
        const frames = read(() => v.stacktrace?.frames);
        return {
          type: text(read(() => v.type)) ?? 'Error',
          value: FAILED,
          mechanism: { type: readString(() => v.mechanism?.type) ?? 'generic', handled: read(() => v.mechanism?.handled) },
          stacktrace: Array.isArray(frames)
            ? {
                frames: frames.slice(-100).map((f) => ({
                  filename: readString(() => f.filename),
                  abs_path: readString(() => f.abs_path),
                  function: readString(() => f.function),
                  module: readString(() => f.module),
                  lineno: read(() => f.lineno),
                  colno: read(() => f.colno),
                  in_app: read(() => f.in_app),
                })),
              }
            : undefined,
        };
      }),
    };
  }
  return min;
}

function scrubBreadcrumb(engine: Engine, breadcrumb: Breadcrumb, fail: Fail): void {
  try {
    const out = engine.scrubValue(breadcrumb);
    if (out !== breadcrumb) replaceContents(breadcrumb, out);
  } catch (error) {
    fail('breadcrumb', error);
    try {
      breadcrumb.message = FAILED;
      delete breadcrumb.data;
    } catch {
      // nothing more we can do in place; the event pass scrubs breadcrumbs again
    }
  }
}

/** Attributes as raw values or typed `{ value, type }` objects (serialized form); copy-on-write. */
function scrubAttributes(engine: Engine, attributes: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!attributes) return attributes;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(attributes)) {
    const raw = attributes[key];
    const typed = isTyped(raw);
    const value = typed ? raw.value : raw;
    const out = engine.scrubEntry(key, value);
    if (out === value) continue;
    copy ??= { ...attributes };
    if (out === engine.removed) delete copy[key];
    else if (typed) copy[key] = { ...raw, value: out, type: typeof out === 'string' && raw.type !== 'string' ? 'string' : raw.type };
    else copy[key] = out;
  }
  return copy ?? attributes;
}

function isTyped(v: unknown): v is { value: unknown; type: string } {
  return typeof v === 'object' && v !== null && 'value' in v && 'type' in v && typeof (v as { type: unknown }).type === 'string';
}

function scrubLog(engine: Engine, entry: Log, fail: Fail): void {
  try {
    const message = String(entry.message);
    const scrubbed = engine.scrubText(message);
    if (scrubbed !== message) entry.message = scrubbed;
    entry.attributes = scrubAttributes(engine, entry.attributes);
  } catch (error) {
    fail('log', error);
    entry.message = FAILED;
    entry.attributes = {};
  }
}

function scrubMetric(engine: Engine, metric: Metric, fail: Fail): void {
  try {
    metric.attributes = scrubAttributes(engine, metric.attributes);
  } catch (error) {
    fail('metric', error);
    metric.attributes = {};
  }
}

function scrubSpan(engine: Engine, span: StreamedSpanJSON, fail: Fail): void {
  try {
    span.name = engine.scrubText(span.name);
    span.attributes = scrubAttributes(engine, span.attributes) as StreamedSpanJSON['attributes'];
    if (span.links) {
      span.links = span.links.map((link) => {
        const attributes = scrubAttributes(engine, link.attributes);
        return attributes === link.attributes ? link : { ...link, attributes };
      });
    }
  } catch (error) {
    fail('span', error);
    reduceSpan(span);
  }
}

function reduceSpan(span: { name?: unknown; attributes?: Record<string, unknown>; links?: unknown }): void {
  span.name = FAILED;
  const kept: Record<string, unknown> = {};
  const attributes = span.attributes ?? {};
  for (const key of SAFE_SPAN_ATTRIBUTES) if (key in attributes) kept[key] = attributes[key];
  span.attributes = kept;
  delete span.links;
}

type Item = { body?: unknown; name?: unknown; attributes?: Record<string, unknown>; links?: unknown };
type SessionPayload = { did?: unknown; attrs?: { ip_address?: unknown; user_agent?: unknown } } | undefined;

/** Sessions carry a distinct id (the user's id, email or username) and the client IP. */
function scrubSession(engine: Engine, session: SessionPayload, fail: Fail): void {
  if (!session) return;
  try {
    if (typeof session.did === 'string') session.did = engine.scrubText(session.did);
    const attrs = session.attrs;
    if (attrs && typeof attrs.ip_address === 'string' && attrs.ip_address !== '{{auto}}') {
      attrs.ip_address = engine.scrubText(attrs.ip_address);
    }
  } catch (error) {
    fail('session', error);
    delete session.did;
    if (session.attrs) delete session.attrs.ip_address;
  }
}

/** Last pass over what is about to be sent: logs, metrics and spans (events were guarded already). */
function scrubEnvelope(engine: Engine, envelope: Envelope, fail: Fail): void {
  const [headers, items] = envelope as unknown as [Record<string, unknown>, Array<[Record<string, unknown>, unknown]>];
  try {
    const trace = headers.trace as Record<string, unknown> | undefined;
    if (trace && typeof trace.transaction === 'string') trace.transaction = engine.scrubText(trace.transaction);
  } catch (error) {
    fail('envelope header', error);
    try {
      delete (headers.trace as Record<string, unknown>).transaction;
    } catch {
      // the header is not an object we can edit
    }
  }
  for (const item of items) {
    const type = item[0]?.type;
    if (type === 'session') {
      scrubSession(engine, item[1] as SessionPayload, fail);
      continue;
    }
    if (type !== 'log' && type !== 'trace_metric' && type !== 'span') continue;
    const payload = item[1] as { items?: Item[] } | undefined;
    if (!payload || !Array.isArray(payload.items)) continue;
    for (const entry of payload.items) {
      try {
        if (typeof entry.body === 'string') entry.body = engine.scrubText(entry.body);
        if (type === 'span' && typeof entry.name === 'string') entry.name = engine.scrubText(entry.name);
        entry.attributes = scrubAttributes(engine, entry.attributes);
      } catch (error) {
        fail(type, error);
        if (type === 'span') reduceSpan(entry);
        else {
          if ('body' in entry) entry.body = FAILED;
          entry.attributes = {};
        }
      }
    }
  }
}
