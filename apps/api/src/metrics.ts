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

// One labelled child per (level, outcome): during an error storm every held-back error lands here,
// and `inc(labels)` validates and hashes the label object each time. Levels and outcomes are small
// fixed sets, so the map stays tiny.
const counterChildren = new Map<string, { inc(value?: number): void }>();

/** Feeds core-config's `onEventOutcome` into the counter; only error events, not spans or logs. */
export function recordEventOutcome(outcome: EventOutcome): void {
  if (outcome.category !== 'error') return;
  const key = `${outcome.level}\u0000${outcome.kind}`;
  let child = counterChildren.get(key);
  if (child === undefined) {
    child = sentryErrorsCounter().labels({ level: outcome.level, outcome: outcome.kind });
    counterChildren.set(key, child);
  }
  child.inc(outcome.quantity);
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
