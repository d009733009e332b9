import type { Client, Event } from '@sentry/core';
import type { EventOutcome } from './types';

/**
 * Reports every event outcome to `onEventOutcome`. Sends come from the client's `afterSendEvent`
 * hook; drops from wrapping this client's `recordDroppedEvent`, the single place the SDK records
 * every loss (sampling, processors, queue overflow, network, rate limits). Drops the throttle
 * caused are reported once, as `throttled`, not again as `dropped`.
 */
export function attachOutcomeCounters(client: Client, onEventOutcome: (outcome: EventOutcome) => void): {
  throttled: (event: Event) => void;
  scrubFailed: () => void;
} {
  let throttleDropsPending = 0;
  const report = (outcome: EventOutcome): void => {
    try {
      onEventOutcome(outcome);
    } catch {
      // A broken metrics callback must not break capture.
    }
  };

  client.on('afterSendEvent', (event) => {
    if (event.type !== undefined) return;
    report({ kind: 'sent', level: event.level ?? 'error', category: 'error', quantity: 1 });
  });

  const recordDroppedEvent = client.recordDroppedEvent.bind(client);
  client.recordDroppedEvent = (reason, category, quantity = 1) => {
    if (reason === 'event_processor' && category === 'error' && throttleDropsPending > 0) {
      throttleDropsPending -= 1;
    } else {
      report({ kind: 'dropped', level: 'unknown', category, reason, quantity });
    }
    recordDroppedEvent(reason, category, quantity);
  };

  return {
    throttled(event) {
      throttleDropsPending += 1;
      report({ kind: 'throttled', level: event.level ?? 'error', category: 'error', quantity: 1 });
    },
    scrubFailed() {
      report({ kind: 'scrub_failed', level: 'unknown', category: 'error', quantity: 1 });
    },
  };
}
