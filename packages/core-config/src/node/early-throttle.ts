import { getCurrentScope, getIsolationScope, rejectedSyncPromise, type Client, type Event, type EventHint, type Integration } from '@sentry/core';
import { groupKey, type EarlyHoldBack } from '../throttle';

/** Raw keys remembered at once; the least recently learned are forgotten first. */
const MAX_RAW_KEYS = 1000;
/** Linked causes folded into the raw key, like the SDK's linked-errors default. */
const MAX_CAUSES = 5;
// A raw key seen mapping to two groups: never held back early (the pipeline decides every time).
const AMBIGUOUS = '';
// The SDK only returns the rejection reason of a dropped event (it counts nothing from it), so one
// shared reason will do: a new Error per held-back error captured a stack trace every time, about a
// quarter of what a held-back capture cost.
const HELD_BACK = new Error('held back by the windowed throttle');

/**
 * Returns `throttle` wrapped so that errors of a group whose window is already full are held back
 * before the SDK builds an event for them.
 *
 * Why: a held-back error otherwise costs the whole pipeline up to the throttle (stack parsing, scope
 * merge, every default integration, fingerprint rules), hundreds of µs, only to be dropped. During an
 * error storm that is all the kit does. The pipeline's own hold-back stays as it is; this one only
 * acts when it is certain of the outcome:
 * - at capture, each Error gets a raw key: its stack string (which starts with type and message),
 *   the stacks of its causes, and the scopes' transaction names and fingerprints;
 * - the throttle's own `processEvent` learns which group each raw key ended up in;
 * - an error whose raw key has a known group, never seen in two groups, whose current window is full,
 *   is held back at `eventFromException` and counted like any other held-back event (`onThrottled`,
 *   client report `event_processor`), its event id still recorded as the isolation scope's last one;
 * - anything else (new raw keys, non-Error values, captures with a capture context, messages) goes
 *   through the pipeline unchanged.
 */
export function withEarlyHoldBack(throttle: Integration): Integration {
  const target = throttle as Integration & Partial<EarlyHoldBack>;
  if (typeof target.holdBackEarly !== 'function' || typeof throttle.processEvent !== 'function') return throttle;
  const holdBackEarly = target.holdBackEarly.bind(target);
  const processEvent = throttle.processEvent.bind(throttle);
  const learned = new Map<string, string>();
  // The raw key of each capture in flight, found again by its hint when the throttle sees the event.
  const rawKeys = new WeakMap<EventHint, string>();

  function learn(raw: string, key: string): void {
    const known = learned.get(raw);
    if (known === key || known === AMBIGUOUS) return;
    if (known === undefined && learned.size >= MAX_RAW_KEYS) learned.delete(learned.keys().next().value as string);
    learned.set(raw, known === undefined ? key : AMBIGUOUS);
  }

  function holdBackBeforeBuilding(client: Client, exception: unknown, hint: EventHint): boolean {
    const raw = rawKey(exception);
    if (raw === undefined) return false;
    const key = learned.get(raw);
    // Only errors that go on through the pipeline need their raw key again (to learn their group):
    // a held-back one adds no entry to the WeakMap.
    if (key === undefined || key === AMBIGUOUS) {
      rawKeys.set(hint, raw);
      return false;
    }
    const error = exception as Error;
    const event: Event = { event_id: hint.event_id, level: 'error', exception: { values: [{ type: error.name, value: error.message }] } };
    if (!holdBackEarly(key, event)) {
      rawKeys.set(hint, raw);
      return false;
    }
    // What `_prepareEvent` would have done before the pipeline dropped the event.
    if (hint.event_id !== undefined) getIsolationScope().setLastEventId(hint.event_id);
    client.recordDroppedEvent('event_processor', 'error');
    return true;
  }

  return {
    ...throttle,
    name: throttle.name,
    setup(client: Client) {
      throttle.setup?.(client);
      const eventFromException = client.eventFromException.bind(client);
      client.eventFromException = function eventFromExceptionOrHoldBack(exception: unknown, hint?: EventHint) {
        try {
          if (hint !== undefined && hint.captureContext === undefined && holdBackBeforeBuilding(client, exception, hint)) {
            return rejectedSyncPromise<Event>(HELD_BACK);
          }
        } catch {
          // Telemetry never breaks the host: fall through to the normal pipeline.
        }
        return eventFromException(exception, hint);
      };
    },
    processEvent(event: Event, hint: EventHint, client: Client) {
      const raw = event.type === undefined ? rawKeys.get(hint) : undefined;
      if (raw !== undefined) learn(raw, groupKey(event));
      return processEvent(event, hint, client);
    },
  };
}

/**
 * The error as thrown and the scope data grouping may depend on: the stack strings of the error
 * and its causes, then the transaction names and fingerprints of the current and isolation scopes.
 */
function rawKey(exception: unknown): string | undefined {
  if (!(exception instanceof Error)) return undefined;
  let key = '';
  let current: unknown = exception;
  for (let depth = 0; current instanceof Error && depth <= MAX_CAUSES; depth++) {
    const stack = current.stack;
    if (typeof stack !== 'string') return undefined;
    key += `${stack}\u0000`;
    current = current.cause;
  }
  for (const scope of [getCurrentScope(), getIsolationScope()]) {
    const { transactionName, fingerprint } = scope.getScopeData();
    key += `\u0001${transactionName ?? ''}\u0001${fingerprint.join('\u0002')}`;
  }
  return key;
}
