import { Counter, collectDefaultMetrics, register } from 'prom-client';
import type { EventOutcome } from '@causal-organism/core-config';

const NAME = 'sentry_errors_total';

/**
 * `sentry_errors_total{level,outcome}`. `instrument.js` and `server.js` are separate bundles, each
 * with its own copy of this module but one prom-client (and so one registry): the second copy
 * finds the counter the first registered instead of registering it twice.
 */
export function sentryErrorsCounter(): Counter<'level' | 'outcome'> {
  const existing = register.getSingleMetric(NAME);
  if (existing !== undefined) return existing as Counter<'level' | 'outcome'>;
  return new Counter({
    name: NAME,
    help: 'Error events by level and outcome: sent (handed to the transport), dropped, throttled, scrub_failed.',
    labelNames: ['level', 'outcome'],
  });
}

/** Feeds core-config's `onEventOutcome` into the counter; only error events, not spans or logs. */
export function recordEventOutcome(outcome: EventOutcome): void {
  if (outcome.category !== 'error') return;
  sentryErrorsCounter().inc({ level: outcome.level, outcome: outcome.kind }, outcome.quantity);
}

let defaultsCollected = false;

/** The Prometheus text of every metric, with the default process metrics (registered once). */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  if (!defaultsCollected) {
    defaultsCollected = true;
    collectDefaultMetrics();
  }
  sentryErrorsCounter();
  return { contentType: register.contentType, body: await register.metrics() };
}
