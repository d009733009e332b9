import { defineIntegration, type Event, type Integration } from '@sentry/core';

/** Options of {@link throttleIntegration}. */
export interface ThrottleOptions {
  /**
   * Events of one group let through per window. Keep it above the error-rate alert threshold
   * (10/min), or the throttle hides the very rate the alert watches. @default 60
   */
  maxPerWindow?: number;
  /** Window length in milliseconds. @default 60_000 */
  windowMs?: number;
  /** Groups tracked at once; the least recently seen are forgotten first. Bounds memory. @default 1000 */
  maxGroups?: number;
  /** Called for every event held back, with its group key. */
  onThrottled?: (event: Event, key: string) => void;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

interface GroupWindow {
  start: number;
  sent: number;
  /** Held back since the last event of this group was sent. */
  held: number;
}

/** The throttle integration's name. */
export const THROTTLE_NAME = 'WindowedThrottle';

/**
 * A windowed, counting replacement for the SDK's `dedupeIntegration`. Dedupe drops every repeat
 * of the previous event forever, so 4,000 identical errors arrive as one and no rate alert can see
 * them. This lets `maxPerWindow` events per group through each window, holds back the rest, and
 * attaches the held-back count to the next event of that group it sends
 * (`contexts.throttle.held_back`), so nothing disappears without a trace.
 *
 * It must run after the fingerprint integration, so the group is the one Sentry will use.
 */
export const throttleIntegration = defineIntegration((options: ThrottleOptions = {}) => {
  const maxPerWindow = options.maxPerWindow ?? 60;
  const windowMs = options.windowMs ?? 60_000;
  const maxGroups = options.maxGroups ?? 1000;
  const now = options.now ?? Date.now;
  const groups = new Map<string, GroupWindow>();

  function windowFor(key: string, at: number): GroupWindow {
    let group = groups.get(key);
    if (group === undefined) {
      if (groups.size >= maxGroups) groups.delete(groups.keys().next().value as string);
      group = { start: at, sent: 0, held: 0 };
    } else {
      // Re-insert so Map order is least-recently-seen first.
      groups.delete(key);
    }
    groups.set(key, group);
    if (at - group.start >= windowMs) {
      group.start = at;
      group.sent = 0;
    }
    return group;
  }

  function holdBack(group: GroupWindow, event: Event, key: string): void {
    group.held += 1;
    options.onThrottled?.(event, key);
  }

  const integration: Integration & EarlyHoldBack = {
    name: THROTTLE_NAME,
    processEvent(event: Event): Event | null {
      // Transactions and other typed events are not errors; they are never throttled.
      if (event.type !== undefined) return event;
      const key = groupKey(event);
      const group = windowFor(key, now());
      if (group.sent >= maxPerWindow) {
        holdBack(group, event, key);
        return null;
      }
      group.sent += 1;
      if (group.held > 0) {
        event.contexts = { ...event.contexts, throttle: { held_back: group.held, window_seconds: windowMs / 1000 } };
        group.held = 0;
      }
      return event;
    },
    /**
     * Holds back one more event of group `key` if the group's current window is full, without
     * building the event first (the Node entry's early hold-back). `false`: the event must go
     * through the pipeline.
     */
    holdBackEarly(key: string, event: Event): boolean {
      const group = groups.get(key);
      if (group === undefined || group.sent < maxPerWindow || now() - group.start >= windowMs) return false;
      holdBack(group, event, key);
      return true;
    },
  };
  return integration;
});

/** What the windowed throttle offers the Node entry's early hold-back (`node/early-throttle.ts`). */
export interface EarlyHoldBack {
  holdBackEarly(key: string, event: Event): boolean;
}

/**
 * The group an event belongs to, in outline the way Sentry groups: its fingerprint when it has a
 * custom one, else exception type plus the top frames' file and function (not line numbers), else
 * the message template.
 */
export function groupKey(event: Event): string {
  const fingerprint = event.fingerprint;
  if (fingerprint !== undefined && fingerprint.length > 0 && !(fingerprint.length === 1 && fingerprint[0] === '{{ default }}')) {
    return `f:${fingerprint.join('\u0000')}`;
  }
  const exception = event.exception?.values?.at(-1);
  if (exception !== undefined) {
    const frames = exception.stacktrace?.frames ?? [];
    let key = `e:${exception.type ?? ''}`;
    // Frames are ordered oldest first; the crashing frames are at the end.
    for (let i = frames.length - 1, taken = 0; i >= 0 && taken < 5; i--) {
      const frame = frames[i]!;
      if (frame.in_app === false) continue;
      key += `|${frame.module ?? frame.filename ?? ''}:${frame.function ?? ''}`;
      taken++;
    }
    return key;
  }
  return `m:${event.logentry?.message ?? event.message ?? ''}`;
}
