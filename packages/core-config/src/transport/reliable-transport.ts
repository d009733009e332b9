import {
  envelopeItemTypeToDataCategory,
  isRateLimited,
  parseEnvelope,
  serializeEnvelope,
  updateRateLimits,
  type Client,
  type DataCategory,
  type Envelope,
  type RateLimits,
  type TransportMakeRequestResponse,
} from '@sentry/core';
import { makeNodeTransport } from '@sentry/node';
import { FileStore, type StoredRef } from './file-store';
import { resolveTransportOptions, type ResolvedTransportOptions } from './options';
import type {
  NodeTransportOptions,
  ReliableTransport,
  ReliableTransportOptions,
  ReliableTransportStats,
  TransportDropReason,
  TransportOutcome,
  TransportOutcomeInfo,
  TransportSpillReason,
} from './types';

interface EnvelopeMeta {
  itemTypes: string[];
  categories: DataCategory[];
  eventId: string | undefined;
  // Client reports only describe other losses: they are sent when possible, never stored or counted.
  clientReportOnly: boolean;
}

interface Entry {
  meta: EnvelopeMeta;
  // A live envelope dispatched at once keeps its object; a queued one is held serialized, so the
  // memory bound is in real bytes and the event object can be collected.
  envelope: Envelope | undefined;
  body: string | Uint8Array | undefined;
  bytes: number;
  // Set when the envelope came from the store: delivered means delete that file.
  ref: StoredRef | undefined;
  // A copy written by a shutdown while the request was still in flight; deleted if the request succeeds.
  shutdownCopy: StoredRef | undefined;
  // Resolves the `send()` promise of a live envelope.
  settle: ((response: TransportMakeRequestResponse) => void) | undefined;
  settled: boolean;
  // A stored file whose claim is being given back after a failed attempt.
  releasing?: boolean;
}

type RecordDroppedEvent = Client['recordDroppedEvent'];

// How our drops appear in the client reports Sentry receives.
const SDK_DROP_REASONS: Record<TransportDropReason, Parameters<RecordDroppedEvent>[0] | undefined> = {
  queue_full: 'queue_overflow',
  store_full: 'queue_overflow',
  store_error: 'internal_sdk_error',
  too_large: undefined,
  rejected: 'send_error',
  unreadable: 'internal_sdk_error',
  rate_limited: undefined,
};

// Weak, so that a transport no client uses any more can be collected despite the exit hook.
const liveTransports = new Set<WeakRef<{ onExit(): void }>>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // One listener for every transport, so many instances never trip MaxListenersExceededWarning.
  process.on('exit', () => {
    for (const ref of liveTransports) ref.deref()?.onExit();
  });
}

function describe(envelope: Envelope): EnvelopeMeta {
  const [headers, items] = envelope;
  const itemTypes: string[] = [];
  const categories: DataCategory[] = [];
  for (const [itemHeaders] of items) {
    itemTypes.push(itemHeaders.type);
    categories.push(envelopeItemTypeToDataCategory(itemHeaders.type));
  }
  const eventId = (headers as { event_id?: unknown }).event_id;
  return {
    itemTypes,
    categories,
    eventId: typeof eventId === 'string' ? eventId : undefined,
    clientReportOnly: itemTypes.length > 0 && itemTypes.every((type) => type === 'client_report'),
  };
}

function byteLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code} (${error.message})` : error.message;
  }
  return String(error);
}

/**
 * Builds a Sentry transport for Node that does not lose events to bursts, slow receivers, outages or
 * restarts. Pass the result as the `transport` init option, together with a client buffer at least as
 * large as the queue (see {@link reliableDeliveryOptions}, which does both).
 *
 * It wraps the SDK's own `makeNodeTransport` (proxy, TLS, gzip, keep-alive stay as they are) and adds:
 * a bounded memory queue with a fixed number of requests in flight; a durable directory store for
 * what the receiver cannot take (connection errors, 5xx, 429, timeouts, memory full), replayed with
 * back-off, also by a later process; counted drops with one log line per kind, past explicit limits only.
 *
 * @throws {ReliableTransportError} `invalid_option` when an option is out of range.
 * @example
 * Sentry.init({ dsn, ...reliableDeliveryOptions({ store: { directory: '/var/lib/api/sentry' } }) });
 */
export function makeReliableTransport(options: ReliableTransportOptions = {}): (transportOptions: NodeTransportOptions) => ReliableTransport {
  const resolved = resolveTransportOptions(options);
  return (transportOptions) => createReliableTransport(resolved, transportOptions);
}

/**
 * The two init options reliable delivery needs: `transport`, and `transportOptions.bufferSize`, which
 * also sizes the client's own processing buffer. That buffer (64 by default) rejects events of a
 * synchronous burst as `queue_overflow` before they ever reach a transport, so it must be at least
 * as large as the transport's queue.
 * @example
 * Sentry.init({ dsn, ...reliableDeliveryOptions({ store: { directory } }) });
 */
export function reliableDeliveryOptions(options: ReliableTransportOptions = {}): {
  transport: (transportOptions: NodeTransportOptions) => ReliableTransport;
  transportOptions: { bufferSize: number };
} {
  const resolved = resolveTransportOptions(options);
  return {
    transport: (transportOptions) => createReliableTransport(resolved, transportOptions),
    transportOptions: { bufferSize: Math.max(resolved.maxQueuedEnvelopes, resolved.concurrency) },
  };
}

function createReliableTransport(config: ResolvedTransportOptions, transportOptions: NodeTransportOptions): ReliableTransport {
  const { logger } = config;
  const clientRecordDroppedEvent: RecordDroppedEvent = transportOptions.recordDroppedEvent;

  // Losses the inner transport reports while we still hold the envelope are not losses: keep them
  // away from the client's outcome counts. Rate-limit filtering happens synchronously inside
  // `inner.send`, so it is captured per call.
  let captureFiltered: Array<Parameters<RecordDroppedEvent>> | undefined;
  const innerRecordDroppedEvent: RecordDroppedEvent = (...args) => {
    const [reason] = args;
    if (reason === 'ratelimit_backoff' && captureFiltered) {
      captureFiltered.push(args);
      return;
    }
    if (reason === 'network_error' || reason === 'queue_overflow' || reason === 'ratelimit_backoff') return;
    clientRecordDroppedEvent(...args);
  };
  const inner = makeNodeTransport({
    ...transportOptions,
    recordDroppedEvent: innerRecordDroppedEvent,
    // We never have more than `concurrency` requests in flight, so the inner buffer never overflows.
    // Requests we stopped waiting for (requestTimeoutMs) still hold a slot there, hence the margin.
    bufferSize: config.concurrency * 2 + 8,
  });

  let store: FileStore | undefined;
  if (config.store) {
    const candidate = new FileStore(config.store);
    try {
      candidate.open();
      store = candidate;
    } catch (error) {
      // Telemetry never breaks the host: run memory-only and say so.
      logger.error(`cannot use store directory ${config.store.directory}: ${errorText(error)}; holding envelopes in memory only`);
    }
  }

  const ready: Entry[] = [];
  let readyHead = 0;
  // Live envelopes held back by a per-category rate limit, memory-only mode.
  const parked: Array<{ entry: Entry; until: number }> = [];
  let queuedBytes = 0;
  const inFlight = new Set<Entry>();
  let loading = 0;
  const busyFiles = new Set<string>();
  // Stored files whose categories are rate limited: not read again before the limit ends.
  const deferredFiles = new Map<string, number>();
  const pendingWrites = new Set<Entry>();

  let rateLimits: RateLimits = {};
  let pausedUntil = 0;
  let retryDelay = config.initialRetryDelayMs;
  // After a failure, one request probes the receiver before the full concurrency resumes.
  let probing = false;
  let outage = false;
  let wakeTimer: NodeJS.Timeout | undefined;
  let wakeAt = 0;
  const idleWaiters = new Set<() => void>();
  const loggedKinds = new Set<string>();

  const stats = {
    peakQueued: 0,
    peakQueuedBytes: 0,
    sent: 0,
    replayed: 0,
    spilled: 0,
    dropped: {} as Partial<Record<TransportDropReason, number>>,
  };

  const queuedCount = (): number => ready.length - readyHead + parked.length;

  function emit(outcome: TransportOutcome, entry: Entry, extra?: { reason?: TransportDropReason | TransportSpillReason; statusCode?: number }): void {
    if (entry.meta.clientReportOnly) return;
    if (outcome === 'sent') stats.sent += 1;
    else if (outcome === 'replayed') stats.replayed += 1;
    else if (outcome === 'spilled') stats.spilled += 1;
    if (!config.onOutcome) return;
    const info: TransportOutcomeInfo = { itemTypes: entry.meta.itemTypes };
    if (entry.meta.eventId !== undefined) info.eventId = entry.meta.eventId;
    if (extra?.reason !== undefined) info.reason = extra.reason;
    if (extra?.statusCode !== undefined) info.statusCode = extra.statusCode;
    try {
      config.onOutcome(outcome, info);
    } catch {
      // A failing counter must not stop delivery.
    }
  }

  function logOnce(kind: string, level: 'warn' | 'error', message: string): void {
    if (loggedKinds.has(kind)) return;
    loggedKinds.add(kind);
    try {
      logger[level](`${message} (logged once; later ones are only counted)`);
    } catch {
      // The host's logger failing is not our problem to surface.
    }
  }

  function logInfo(message: string): void {
    try {
      logger.info(message);
    } catch {
      // See logOnce.
    }
  }

  const dropMessages: Record<TransportDropReason, () => string> = {
    queue_full: () =>
      `dropped an envelope: memory queue full (maxQueuedEnvelopes=${config.maxQueuedEnvelopes}, maxQueuedBytes=${config.maxQueuedBytes})${store ? '' : ' and no store configured'}`,
    store_full: () => `dropped an envelope: store full (maxEnvelopes=${config.store?.maxEnvelopes}, maxBytes=${config.store?.maxBytes}) in ${config.store?.directory}`,
    store_error: () => `dropped an envelope: could not write to the store ${config.store?.directory}`,
    too_large: () => 'dropped an envelope: the receiver answered 413 (larger than it accepts)',
    rejected: () => 'dropped an envelope: the receiver rejected it (4xx); check the DSN',
    unreadable: () => `dropped a stored envelope that could not be parsed in ${config.store?.directory}`,
    rate_limited: () => 'dropped items the SDK rate limiter filtered out of an envelope that was sent',
  };

  function drop(entry: Entry, detail: { reason: TransportDropReason; statusCode?: number; error?: unknown }): void {
    finish(entry, {});
    if (entry.meta.clientReportOnly) return;
    stats.dropped[detail.reason] = (stats.dropped[detail.reason] ?? 0) + 1;
    const suffix = detail.statusCode !== undefined ? ` (HTTP ${detail.statusCode})` : detail.error !== undefined ? `: ${errorText(detail.error)}` : '';
    logOnce(`drop:${detail.reason}`, detail.reason === 'store_error' ? 'error' : 'warn', `[${detail.reason}] ${dropMessages[detail.reason]()}${suffix}`);
    const sdkReason = SDK_DROP_REASONS[detail.reason];
    // 413 was already reported by the SDK's own transport.
    if (sdkReason) for (const category of new Set(entry.meta.categories)) clientRecordDroppedEvent(sdkReason, category);
    emit('dropped', entry, detail);
  }

  function finish(entry: Entry, response: TransportMakeRequestResponse): void {
    if (entry.settled) return;
    entry.settled = true;
    entry.settle?.(response);
  }

  function serialize(entry: Entry): void {
    if (entry.body !== undefined) return;
    if (entry.envelope) {
      entry.body = serializeEnvelope(entry.envelope);
      entry.bytes = byteLength(entry.body);
      entry.envelope = undefined;
    }
  }

  function hasRoom(bytes: number): boolean {
    return queuedCount() < config.maxQueuedEnvelopes && queuedBytes + bytes <= config.maxQueuedBytes;
  }

  function enqueue(entry: Entry, front = false): void {
    if (front && readyHead > 0) {
      readyHead -= 1;
      ready[readyHead] = entry;
    } else if (front) {
      ready.unshift(entry);
    } else {
      ready.push(entry);
    }
    queuedBytes += entry.bytes;
    stats.peakQueued = Math.max(stats.peakQueued, queuedCount());
    stats.peakQueuedBytes = Math.max(stats.peakQueuedBytes, queuedBytes);
  }

  function takeReady(): Entry | undefined {
    if (readyHead >= ready.length) return undefined;
    const entry = ready[readyHead];
    ready[readyHead] = undefined as unknown as Entry;
    readyHead += 1;
    // Compact now and then so the array does not grow without end under a steady stream.
    if (readyHead >= ready.length) {
      ready.length = 0;
      readyHead = 0;
    } else if (readyHead > 1024 && readyHead * 2 > ready.length) {
      ready.splice(0, readyHead);
      readyHead = 0;
    }
    if (entry) queuedBytes -= entry.bytes;
    return entry;
  }

  function spill(entry: Entry, reason: TransportSpillReason): void {
    if (!store || entry.meta.clientReportOnly) {
      if (entry.meta.clientReportOnly) finish(entry, {});
      else drop(entry, { reason: 'queue_full' });
      return;
    }
    serialize(entry);
    const body = entry.body;
    if (body === undefined) return drop(entry, { reason: 'unreadable' });
    // See send(): release the SDK's hold on the event while the write runs.
    finish(entry, {});
    pendingWrites.add(entry);
    const activeStore = store;
    void activeStore.write(body).then((result) => {
      pendingWrites.delete(entry);
      if (entry.shutdownCopy) {
        // A synchronous shutdown write already stored it: keep one copy.
        if (result.ok) void activeStore.remove(result.ref);
        finish(entry, {});
      } else if (result.ok) {
        // Once on disk, memory holds nothing of it.
        entry.body = undefined;
        finish(entry, {});
        emit('spilled', entry, { reason });
        scheduleWake(Math.max(pausedUntil, Date.now()));
      } else {
        drop(entry, { reason: result.reason, error: result.error });
      }
      checkIdle();
    });
  }

  function categoriesLimitedUntil(meta: EnvelopeMeta, now: number): number {
    let until = 0;
    for (const category of meta.categories) {
      if (isRateLimited(rateLimits, category, now)) until = Math.max(until, rateLimits[category] ?? 0, rateLimits.all ?? 0);
    }
    return until;
  }

  function concurrencyNow(): number {
    return probing ? 1 : config.concurrency;
  }

  function canDispatchNow(meta: EnvelopeMeta, now: number): boolean {
    return (
      now >= pausedUntil &&
      readyHead >= ready.length &&
      inFlight.size + loading < concurrencyNow() &&
      categoriesLimitedUntil(meta, now) === 0
    );
  }

  function send(envelope: Envelope): PromiseLike<TransportMakeRequestResponse> {
    return new Promise((resolve) => {
      try {
        const meta = describe(envelope);
        const entry: Entry = { meta, envelope, body: undefined, bytes: 0, ref: undefined, shutdownCopy: undefined, settle: resolve, settled: false };
        const now = Date.now();
        if (canDispatchNow(meta, now)) return dispatch(entry);
        if (now < pausedUntil && store) return spill(entry, 'receiver_down');
        serialize(entry);
        if (hasRoom(entry.bytes)) {
          enqueue(entry);
          // Answer the SDK now: its pending `send` keeps the whole event object alive, and the memory
          // bound must be the serialized bytes we hold, not the event graphs behind them.
          finish(entry, {});
          return pump();
        }
        if (meta.clientReportOnly) return finish(entry, {});
        spill(entry, 'queue_full');
      } catch (error) {
        // Telemetry never throws into the host.
        logOnce('internal', 'error', `transport failed to accept an envelope: ${errorText(error)}`);
        resolve({});
      }
    });
  }

  function dispatch(entry: Entry): void {
    let envelope: Envelope;
    try {
      envelope = entry.envelope ?? parseEnvelope(entry.body ?? '');
    } catch (error) {
      if (entry.ref) void store?.remove(entry.ref);
      return drop(entry, { reason: 'unreadable', error });
    }
    if (entry.ref) {
      // Replays say when they were really sent, like the SDK's offline transport.
      (envelope[0] as { sent_at?: string }).sent_at = new Date().toISOString();
    }
    inFlight.add(entry);
    const filtered: Array<Parameters<RecordDroppedEvent>> = [];
    let request: PromiseLike<TransportMakeRequestResponse>;
    captureFiltered = filtered;
    try {
      request = inner.send(envelope);
    } catch (error) {
      request = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    } finally {
      captureFiltered = undefined;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within requestTimeoutMs=${config.requestTimeoutMs}`)), config.requestTimeoutMs);
      timer.unref();
    });
    Promise.race([Promise.resolve(request), timeout])
      .then(
        (response) => onResponse(entry, { response, filtered }),
        (error: unknown) => onFailure(entry, { error }),
      )
      .catch((error: unknown) => logOnce('internal', 'error', `transport bookkeeping failed: ${errorText(error)}`))
      .finally(() => {
        clearTimeout(timer);
        inFlight.delete(entry);
        // A stored file being given back stays busy until its rename is done (see onFailure).
        if (entry.ref && !entry.releasing) busyFiles.delete(entry.ref.name);
        pump();
        checkIdle();
      });
  }

  function onResponse(entry: Entry, { response, filtered }: { response: TransportMakeRequestResponse; filtered: Array<Parameters<RecordDroppedEvent>> }): void {
    rateLimits = updateRateLimits(rateLimits, response);
    const status = response.statusCode;
    if (status === undefined) {
      // The inner transport sent nothing: its rate limiter filtered every item, or its buffer is
      // still full of requests we gave up on. Keep the envelope; pause unless a category limit explains it.
      if (categoriesLimitedUntil(entry.meta, Date.now()) > 0) return onFailure(entry, { reason: 'rate_limited' });
      return onFailure(entry, { reason: 'receiver_down', pause: true });
    }
    if (status >= 200 && status < 300) {
      if (filtered.length > 0 && !entry.meta.clientReportOnly) {
        for (const args of filtered) clientRecordDroppedEvent(...args);
        stats.dropped.rate_limited = (stats.dropped.rate_limited ?? 0) + 1;
        logOnce('drop:rate_limited', 'warn', `[rate_limited] ${dropMessages.rate_limited()}`);
        emit('dropped', entry, { reason: 'rate_limited', statusCode: status });
      }
      return onDelivered(entry, response);
    }
    if (status === 429) return onFailure(entry, { reason: 'rate_limited', statusCode: status });
    if (status >= 500) return onFailure(entry, { reason: 'receiver_down', statusCode: status, pause: true });
    // Permanent: sending it again cannot help, so a stored copy goes too.
    if (entry.ref) void store?.remove(entry.ref);
    drop(entry, { reason: status === 413 ? 'too_large' : 'rejected', statusCode: status });
  }

  function onDelivered(entry: Entry, response: TransportMakeRequestResponse): void {
    retryDelay = config.initialRetryDelayMs;
    probing = false;
    if (outage) {
      outage = false;
      logInfo(`receiver reachable again; sending held envelopes${store ? ` (${store.count} stored)` : ''}`);
    }
    if (entry.ref) {
      void store?.remove(entry.ref);
      emit('replayed', entry, { statusCode: response.statusCode ?? 200 });
    } else {
      if (entry.shutdownCopy) void store?.remove(entry.shutdownCopy);
      emit('sent', entry, { statusCode: response.statusCode ?? 200 });
    }
    finish(entry, response);
  }

  function enterPause(cause: string): void {
    const now = Date.now();
    if (now < pausedUntil) return;
    pausedUntil = now + retryDelay;
    retryDelay = Math.min(retryDelay * 2, config.maxRetryDelayMs);
    probing = true;
    if (!outage) {
      outage = true;
      logInfo(`receiver unavailable (${cause}); ${store ? `storing envelopes in ${store.directory}` : 'holding envelopes in memory'} and retrying with back-off`);
    }
  }

  function onFailure(entry: Entry, detail: { error?: unknown; reason?: TransportSpillReason; statusCode?: number; pause?: boolean }): void {
    const reason = detail.reason ?? 'receiver_down';
    if (detail.error !== undefined || detail.pause) {
      enterPause(detail.error !== undefined ? errorText(detail.error) : `HTTP ${detail.statusCode}`);
    } else if (detail.statusCode === 429) {
      probing = true;
      if (!outage) {
        outage = true;
        logInfo('receiver is rate limiting (429); holding envelopes until the limit ends');
      }
    }
    // A Retry-After or X-Sentry-Rate-Limits for every category pauses everything until it ends.
    const allUntil = rateLimits.all ?? 0;
    if (allUntil > pausedUntil) pausedUntil = allUntil;
    if (entry.meta.clientReportOnly || entry.shutdownCopy) return finish(entry, {});
    if (entry.ref) {
      // Still on disk: give the claim back and read it again after the pause.
      const { ref } = entry;
      entry.releasing = true;
      void store?.release(ref).finally(() => {
        busyFiles.delete(ref.name);
        pump();
      });
      return;
    }
    if (store) return spill(entry, reason);
    // Memory only: back to the front of the queue. It was already accepted, so limits do not apply.
    serialize(entry);
    enqueue(entry, true);
    finish(entry, {});
  }

  function scheduleWake(at: number): void {
    if (wakeTimer && wakeAt <= at) return;
    if (wakeTimer) clearTimeout(wakeTimer);
    wakeAt = at;
    wakeTimer = setTimeout(
      () => {
        wakeTimer = undefined;
        pump();
      },
      Math.max(0, at - Date.now()),
    );
    // Pending retries must not keep a finished process alive: the store keeps what they hold.
    wakeTimer.unref();
  }

  function pump(): void {
    const now = Date.now();
    // Parked envelopes whose rate limit ended go back to the front of the line.
    for (let i = parked.length - 1; i >= 0; i -= 1) {
      const item = parked[i];
      if (item && item.until <= now) {
        parked.splice(i, 1);
        queuedBytes -= item.entry.bytes;
        enqueue(item.entry, true);
      }
    }
    const pauseEnd = Math.max(pausedUntil, rateLimits.all ?? 0);
    if (now < pauseEnd) {
      if (store) {
        // While the receiver is down, memory is no place for envelopes: a restart would lose them.
        for (let entry = takeReady(); entry; entry = takeReady()) spill(entry, 'receiver_down');
      }
      scheduleWake(pauseEnd);
      return;
    }
    while (inFlight.size + loading < concurrencyNow()) {
      const entry = takeReady();
      if (entry) {
        const until = categoriesLimitedUntil(entry.meta, now);
        if (until > 0) {
          if (store) spill(entry, 'rate_limited');
          else {
            parked.push({ entry, until });
            queuedBytes += entry.bytes;
            scheduleWake(until);
          }
          continue;
        }
        dispatch(entry);
        continue;
      }
      if (!store || !loadNextStored(now)) break;
    }
    const nextParked = parked.reduce((min, item) => Math.min(min, item.until), Infinity);
    if (nextParked !== Infinity) scheduleWake(nextParked);
    // Stored files held back by a category rate limit need their own wake: an earlier wake may
    // have swallowed the one scheduled when they were deferred (scheduleWake keeps the earliest).
    let nextDeferred = Infinity;
    for (const until of deferredFiles.values()) if (until > now && until < nextDeferred) nextDeferred = until;
    if (nextDeferred !== Infinity) scheduleWake(nextDeferred);
  }

  function loadNextStored(now: number): boolean {
    if (!store) return false;
    const [ref] = store.oldest((name) => busyFiles.has(name) || (deferredFiles.get(name) ?? 0) > now, 1);
    if (!ref) return false;
    busyFiles.add(ref.name);
    loading += 1;
    const activeStore = store;
    void activeStore
      .claim(ref)
      .then(
        (body) => {
          if (body === undefined) {
            // Another process sharing the directory is sending it.
            busyFiles.delete(ref.name);
            deferredFiles.delete(ref.name);
            return;
          }
          let meta: EnvelopeMeta;
          try {
            meta = describe(parseEnvelope(body));
          } catch (error) {
            void activeStore.remove(ref);
            const entry: Entry = { meta: { itemTypes: [], categories: [], eventId: undefined, clientReportOnly: false }, envelope: undefined, body: undefined, bytes: 0, ref, shutdownCopy: undefined, settle: undefined, settled: false };
            busyFiles.delete(ref.name);
            return drop(entry, { reason: 'unreadable', error });
          }
          const until = categoriesLimitedUntil(meta, Date.now());
          if (until > 0) {
            deferredFiles.set(ref.name, until);
            scheduleWake(until);
            // If the wake comes before the release is done, the file is still busy then: look again.
            return activeStore.release(ref).finally(() => {
              busyFiles.delete(ref.name);
              pump();
            });
          }
          deferredFiles.delete(ref.name);
          dispatch({ meta, envelope: undefined, body, bytes: body.byteLength, ref, shutdownCopy: undefined, settle: undefined, settled: false });
        },
        () => {
          // Gone (another process sent it) or unreadable on disk: forget it.
          busyFiles.delete(ref.name);
          deferredFiles.delete(ref.name);
          void activeStore.remove(ref);
        },
      )
      .finally(() => {
        loading -= 1;
        pump();
        checkIdle();
      });
    return true;
  }

  // Idle for flush: nothing depends on this process's memory any more. Replays of stored files
  // and requests that already have a shutdown copy on disk do not count: losing them loses nothing.
  function isIdle(): boolean {
    if (readyHead < ready.length || parked.length > 0 || pendingWrites.size > 0) return false;
    for (const entry of inFlight) if (!entry.ref && !entry.shutdownCopy) return false;
    return true;
  }

  function checkIdle(): void {
    if (!isIdle()) return;
    for (const resolve of idleWaiters) resolve();
    idleWaiters.clear();
  }

  /** Writes everything still in memory or in flight to the store, synchronously. */
  function storeAllSync(): void {
    const target = store;
    if (!target) return;
    const write = (entry: Entry, inFlightCopy: boolean): void => {
      if (entry.ref || entry.shutdownCopy || entry.meta.clientReportOnly) return;
      const body = entry.body ?? (entry.envelope ? serializeEnvelope(entry.envelope) : undefined);
      if (body === undefined) return;
      const result = target.writeSync(body);
      if (!result.ok) return drop(entry, { reason: result.reason, error: result.error });
      if (inFlightCopy) {
        entry.shutdownCopy = result.ref;
      } else {
        entry.body = undefined;
        entry.shutdownCopy = result.ref;
        finish(entry, {});
      }
      emit('spilled', entry, { reason: 'shutdown' });
    };
    for (let entry = takeReady(); entry; entry = takeReady()) write(entry, false);
    for (const { entry } of parked.splice(0)) {
      queuedBytes -= entry.bytes;
      write(entry, false);
    }
    for (const entry of pendingWrites) write(entry, true);
    // In-flight requests may still succeed; their copy is then deleted (at-least-once, never none).
    for (const entry of inFlight) write(entry, true);
    checkIdle();
  }

  function onExit(): void {
    storeAllSync();
    // Stored files being sent right now go back to their plain names for the next process.
    store?.releaseAllSync();
  }

  async function flush(timeout?: number): Promise<boolean> {
    pump();
    if (isIdle()) return true;
    const idle = new Promise<true>((resolve) => idleWaiters.add(() => resolve(true)));
    if (!timeout) return idle;
    // Keep part of the time for writing what is left to disk.
    const reserve = store ? Math.min(250, Math.floor(timeout / 4)) : 0;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeout - reserve);
    });
    const drained = await Promise.race([idle, deadline]);
    clearTimeout(timer);
    if (drained) return true;
    if (!store) return false;
    storeAllSync();
    return queuedCount() === 0;
  }

  const self = {
    send,
    flush,
    onExit,
    stats: (): ReliableTransportStats => ({
      queued: queuedCount(),
      queuedBytes,
      peakQueued: stats.peakQueued,
      peakQueuedBytes: stats.peakQueuedBytes,
      inFlight: inFlight.size,
      stored: store?.count ?? 0,
      storedBytes: store?.bytes ?? 0,
      sent: stats.sent,
      replayed: stats.replayed,
      spilled: stats.spilled,
      dropped: { ...stats.dropped },
    }),
  };

  if (store) {
    if (config.storeOnExit) {
      liveTransports.add(new WeakRef(self));
      installExitHook();
    }
    // Send what an earlier process left behind, soon but not inside Sentry.init.
    if (store.count > 0) scheduleWake(Date.now());
  }

  // The client holds this object; the exit hook holds it only weakly.
  return self;
}
