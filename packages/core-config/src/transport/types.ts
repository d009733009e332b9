import type { Transport } from '@sentry/core';
import type { makeNodeTransport } from '@sentry/node';

/** What the SDK passes a `transport` factory in Node (`@sentry/node` does not export this type). */
export type NodeTransportOptions = Parameters<typeof makeNodeTransport>[0];

/** A logger the transport reports through (pino, console or the host's own). */
export interface TransportLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * What happened to one envelope:
 * - `sent`: the receiver accepted it (2xx) on the first delivery from this process's memory;
 * - `replayed`: the receiver accepted it after it had been stored on disk (this process or an earlier one);
 * - `spilled`: it was written to the durable store (receiver down, rate limited, memory full or shutdown);
 * - `dropped`: it is gone; `info.reason` says why. Only happens past an explicit limit or on a
 *   permanent rejection by the receiver.
 */
export type TransportOutcome = 'sent' | 'dropped' | 'spilled' | 'replayed';

/** Why an envelope was dropped. */
export type TransportDropReason =
  /** The memory queue was full and there is no store (or the envelope may not be stored). */
  | 'queue_full'
  /** The durable store was full (`store.maxEnvelopes` / `store.maxBytes`). */
  | 'store_full'
  /** Writing to the store failed (disk full, permissions); the error is logged once. */
  | 'store_error'
  /** The receiver answered 413: the envelope is larger than it accepts. Retrying cannot help. */
  | 'too_large'
  /** The receiver answered another 4xx (bad DSN, malformed envelope). Retrying cannot help. */
  | 'rejected'
  /** A stored file could not be read back as an envelope. */
  | 'unreadable'
  /** Some items of an envelope were filtered by the SDK's rate limiter while the rest was sent. */
  | 'rate_limited';

/** Why an envelope was written to the store. */
export type TransportSpillReason = 'receiver_down' | 'rate_limited' | 'queue_full' | 'shutdown';

/** Details passed to {@link ReliableTransportOptions.onOutcome}. */
export interface TransportOutcomeInfo {
  /** Item types of the envelope, e.g. `['event']`, `['transaction']`, `['session']`. */
  itemTypes: string[];
  /** The envelope's `event_id` header, when it carries an event. */
  eventId?: string;
  /** Set for `dropped` and `spilled`. */
  reason?: TransportDropReason | TransportSpillReason;
  /** HTTP status of the answer, when there was one. */
  statusCode?: number;
}

/** Limits and location of the durable store. */
export interface ReliableTransportStoreOptions {
  /**
   * Directory for stored envelopes (one file per envelope), created if missing. A new process given
   * the same directory sends what an earlier one stored. Processes running at the same time may share
   * it: a file is claimed (renamed) while it is sent, so it is sent once. A process only picks up
   * other processes' files when it starts.
   */
  directory: string;
  /** Most envelopes kept on disk; past it, new ones are dropped and counted (`store_full`). @default 10000 */
  maxEnvelopes?: number;
  /** Most bytes (serialized envelopes) kept on disk. @default 134217728 (128 MiB) */
  maxBytes?: number;
}

/** Options of {@link makeReliableTransport}. */
export interface ReliableTransportOptions {
  /**
   * Requests to the receiver in flight at once. The SDK's Node transport opens at most 30 sockets per
   * host, so more than 30 only queues inside the HTTP agent.
   * @default 30
   */
  concurrency?: number;
  /** Most envelopes waiting in memory. Past it they spill to the store, or are dropped without one. @default 2000 */
  maxQueuedEnvelopes?: number;
  /** Most bytes (serialized envelopes) waiting in memory. @default 33554432 (32 MiB) */
  maxQueuedBytes?: number;
  /**
   * Durable store for envelopes the receiver cannot take now. Without it, a receiver outage is held in
   * memory (up to the limits above) and a process exit loses what is still queued.
   * @default undefined (memory only)
   */
  store?: ReliableTransportStoreOptions;
  /** First wait after a failed delivery; doubles per failed attempt up to `maxRetryDelayMs`. @default 1000 */
  initialRetryDelayMs?: number;
  /** Longest wait between attempts while the receiver is down (a Retry-After may ask for longer and is honoured). @default 60000 */
  maxRetryDelayMs?: number;
  /** A request that has not been answered after this long counts as failed (the envelope is kept). @default 15000 */
  requestTimeoutMs?: number;
  /**
   * Write what is still in memory to the store on `process.on('exit')`, so a `process.exit()` without a
   * flush loses nothing. Only with `store`.
   * @default true
   */
  storeOnExit?: boolean;
  /** Where drops (once per kind) and outages go. @default warnings and errors to stderr, info dropped */
  logger?: TransportLogger;
  /** Called for every envelope outcome; feed counters from it. Exceptions thrown here are swallowed. */
  onOutcome?: (outcome: TransportOutcome, info: TransportOutcomeInfo) => void;
}

/** Counters and gauges of one transport instance. */
export interface ReliableTransportStats {
  /** Envelopes waiting in memory now. */
  queued: number;
  /** Serialized bytes waiting in memory now. */
  queuedBytes: number;
  /** Highest `queued` seen. */
  peakQueued: number;
  /** Highest `queuedBytes` seen. */
  peakQueuedBytes: number;
  /** Requests in flight now. */
  inFlight: number;
  /** Envelopes in the store now (0 without a store). */
  stored: number;
  /** Bytes in the store now. */
  storedBytes: number;
  sent: number;
  replayed: number;
  spilled: number;
  /** Drops by reason. */
  dropped: Partial<Record<TransportDropReason, number>>;
}

/** The transport: Sentry's `Transport` plus a `stats()` snapshot. */
export interface ReliableTransport extends Transport {
  /** A snapshot of the transport's counters and gauges. */
  stats(): ReliableTransportStats;
}
