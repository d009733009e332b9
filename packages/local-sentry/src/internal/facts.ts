// Everything the store needs from an event, derived before the write: grouping, user key,
// timestamps. It is computed where the event is parsed (an ingest worker thread when one runs),
// so the thread that owns the database only binds values and commits.
import { groupEvent, type GroupingOptions } from '../grouping';
import { asRecord, asString, levelOf, timestampMs, userKey, type SentryEvent } from './event';

/** The issue columns of an error or message event. */
export interface GroupFacts {
  hash: string;
  title: string;
  culprit: string | null;
  /** Issue level (the event's level). */
  level: string;
  type: 'error' | 'default';
  errorType: string | null;
  /** Issue metadata as JSON text. */
  metadata: string;
  platform: string | null;
  isUnhandled: 0 | 1;
}

/** The columns of one stored event. */
export interface EventFacts {
  eventId: string;
  environment: string | null;
  userKey: string | null;
  /** Event time in ms (received time when the event has none). */
  timestamp: number;
  route: string | null;
  /** Null for transactions. */
  level: string | null;
  /** Transactions only. */
  durationMs: number | null;
  /** Errors and messages only. */
  group: GroupFacts | null;
}

function isUnhandled(event: SentryEvent): boolean {
  const values = asRecord(event.exception)?.values;
  if (!Array.isArray(values)) return false;
  return values.some((v) => asRecord(asRecord(v)?.mechanism)?.handled === false);
}

/** Derives the stored columns of an event or transaction. */
export function eventFacts(kind: 'event' | 'transaction', payload: SentryEvent, options: { receivedMs: number; grouping: GroupingOptions }): EventFacts {
  const timestamp = timestampMs(payload, options.receivedMs);
  const common = {
    eventId: asString(payload.event_id) ?? '',
    environment: asString(payload.environment) ?? null,
    userKey: userKey(payload),
    timestamp,
    route: asString(payload.transaction) ?? null,
  };
  if (kind === 'transaction') {
    const start = typeof payload.start_timestamp === 'number' ? payload.start_timestamp * 1000 : timestamp;
    return { ...common, level: null, durationMs: Math.max(0, timestamp - start), group: null };
  }
  const grouping = groupEvent(payload, options.grouping);
  return {
    ...common,
    level: levelOf(payload),
    durationMs: null,
    group: {
      hash: grouping.hash,
      title: grouping.title,
      culprit: grouping.culprit,
      level: grouping.level,
      type: grouping.type,
      errorType: grouping.errorType,
      metadata: JSON.stringify(grouping.metadata),
      platform: asString(payload.platform) ?? null,
      isUnhandled: grouping.type === 'error' && isUnhandled(payload) ? 1 : 0,
    },
  };
}
