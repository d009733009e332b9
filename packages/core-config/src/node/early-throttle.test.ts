import * as Sentry from '@sentry/node';
import type { Event, Integration } from '@sentry/core';
import { describe, expect, it } from 'vitest';
import type { EventOutcome } from '../types';
import { initSentry, type NodeInitOptions } from './init';
import { silentLogger, useNodeReceiver } from '../../test/node-receiver';

const receiver = useNodeReceiver();


/** Counts the error events that reach the kit's part of the pipeline (app integrations run first). */
function probe(): { integration: Integration; seen: () => number } {
  let seen = 0;
  return {
    integration: {
      name: 'PipelineProbe',
      processEvent(event: Event) {
        if (event.type === undefined && event.message !== 'warm-up') seen++;
        return event;
      },
    },
    seen: () => seen,
  };
}

async function init(options: NodeInitOptions): Promise<void> {
  initSentry({ env: { SENTRY_DSN: receiver().dsn }, signals: false, logger: silentLogger, spool: false, ...options });
  // The Context integration reads OS facts once, asynchronously: let that happen before the storms,
  // so each capture's pipeline finishes before the next one starts, as it does between requests.
  Sentry.captureMessage('warm-up');
  await Sentry.flush(5000);
  receiver().clear();
}

// One throw site: every call gives the same stack, as a storm of one bug does.
function exportFailure(): Error {
  try {
    JSON.stringify({ amountCents: 1n });
  } catch (error) {
    return error as Error;
  }
  throw new Error('unreachable');
}

/** Captures like requests do: one at a time, each in its own isolation scope, the pipeline run in between. */
async function storm(count: number, capture: () => void): Promise<void> {
  for (let i = 0; i < count; i++) {
    // Waiting first also gives every capture the same (async) stack.
    await new Promise((resolve) => setImmediate(resolve));
    Sentry.withIsolationScope(capture);
  }
  await new Promise((resolve) => setImmediate(resolve));
}

describe('early hold-back (Node): errors of a full group are held back before their event is built', () => {
  it('counts them exactly like the pipeline throttle and reports the held-back total on the next event sent', async () => {
    let now = 5_000_000;
    const outcomes: EventOutcome[] = [];
    const { integration, seen } = probe();
    await init({ integrations: [integration], throttle: { maxPerWindow: 5, now: () => now }, onEventOutcome: (o) => outcomes.push(o) });
    outcomes.length = 0;
    const eventIds: string[] = [];
    // Both phases from one call site: async stack frames name the caller's line.
    for (const [count, advance] of [[200, 0], [1, 60_000]] as const) {
      now += advance;
      if (advance > 0) {
        expect(outcomes.filter((o) => o.kind === 'sent')).toHaveLength(5);
        expect(outcomes.filter((o) => o.kind === 'throttled')).toHaveLength(195);
        expect(outcomes.filter((o) => o.kind === 'dropped')).toHaveLength(0);
        // Only the events that fill the window (and those in flight while the group was learned) were built.
        expect(seen()).toBeGreaterThanOrEqual(5);
        expect(seen()).toBeLessThanOrEqual(6);
        expect(new Set(eventIds).size).toBe(200);
      }
      await storm(count, () => eventIds.push(Sentry.captureException(exportFailure())));
    }
    await Sentry.flush(5000);
    await receiver().waitFor((r) => r.events().length >= 6);
    const withCount = receiver().events().filter((e) => e.contexts?.throttle !== undefined);
    expect(withCount).toHaveLength(1);
    expect(withCount[0].contexts.throttle).toEqual({ held_back: 195, window_seconds: 60 });
    expect(withCount[0].exception.values[0].type).toBe('TypeError');
  });

  it('records the held-back event id as the isolation scope last event id, like the pipeline does', async () => {
    await init({ throttle: { maxPerWindow: 1 } });
    await storm(3, () => Sentry.captureException(exportFailure()));
    let pair: [string, string | undefined] | undefined;
    Sentry.withIsolationScope((scope) => {
      const id = Sentry.captureException(exportFailure());
      pair = [id, scope.lastEventId()];
    });
    expect(pair?.[1]).toBe(pair?.[0]);
  });

  it('never merges requests of different routes or scope fingerprints, nor a raw error seen in two groups', async () => {
    const { integration, seen } = probe();
    // An app integration whose grouping depends on something outside the raw key.
    let appGroup: string | undefined;
    const appGrouping: Integration = {
      name: 'AppGrouping',
      processEvent(event: Event) {
        if (appGroup === 'by-route') event.fingerprint = [String(event.transaction)];
        else if (appGroup !== undefined) event.fingerprint = [appGroup];
        return event;
      },
    };
    await init({ integrations: [appGrouping, integration], throttle: { maxPerWindow: 2 } });
    const route = (name: string) => () => {
      Sentry.getIsolationScope().setTransactionName(name);
      Sentry.captureException(exportFailure());
    };
    // Every storm from this one call site (async stack frames name the caller's line).
    const seenBy = async (count: number, capture: () => void) => {
      const before = seen();
      await storm(count, capture);
      return seen() - before;
    };
    const customFingerprint = () =>
      Sentry.withScope((scope) => {
        scope.setFingerprint(['custom-group']);
        route('GET /a')();
      });
    const steps: Array<{ label: string; count: number; capture: () => void; group?: string; built: (n: number) => boolean }> = [
      // The app groups by route (as fingerprint rules by endpoint do).
      { label: 'fills GET /a', count: 10, capture: route('GET /a'), group: 'by-route', built: (n) => n <= 3 },
      // Same throw site, other route: built and sent as its own group, not held back as /a's.
      { label: 'GET /b', count: 2, capture: route('GET /b'), group: 'by-route', built: (n) => n === 2 },
      // Same throw site and route under a scope fingerprint: also its own group.
      { label: 'scope fingerprint', count: 2, capture: customFingerprint, built: (n) => n === 2 },
      // One raw key seen in two groups (the app groups by something else): the pipeline decides every time.
      { label: 'GET /c in group 1', count: 1, capture: route('GET /c'), group: 'app-group-1', built: (n) => n === 1 },
      { label: 'GET /c in group 2', count: 6, capture: route('GET /c'), group: 'app-group-2', built: (n) => n === 6 },
    ];
    for (const step of steps) {
      appGroup = step.group;
      const built = await seenBy(step.count, step.capture);
      expect({ step: step.label, built, ok: step.built(built) }).toEqual({ step: step.label, built, ok: true });
    }
  });

  it('learns a storm\'s group from its first error, even when the whole storm is captured before any I/O (contexts run after the throttle)', async () => {
    const { integration, seen } = probe();
    const outcomes: EventOutcome[] = [];
    await init({ integrations: [integration], throttle: { maxPerWindow: 5 }, onEventOutcome: (o) => outcomes.push(o) });
    outcomes.length = 0;
    // 200 errors in one tick, from one call site: before the first source file read or OS fact
    // lookup could finish. With the context integrations in front of the throttle, all 200 were
    // built and waited for that I/O before the throttle saw the first.
    for (let i = 0; i < 200; i++) Sentry.withIsolationScope(() => Sentry.captureException(exportFailure()));
    await Sentry.flush(5000);
    expect(seen()).toBeLessThanOrEqual(6);
    expect(outcomes.filter((o) => o.kind === 'throttled')).toHaveLength(195);
    await receiver().waitFor((r) => r.events().length >= 5);
    // What is sent still carries the OS/runtime contexts and in-app context lines added after the throttle.
    const [event] = receiver().events();
    expect(event.contexts?.os).toBeDefined();
    expect(event.contexts?.runtime).toBeDefined();
    const frames = event.exception.values[0].stacktrace.frames;
    expect(frames.some((f: { filename?: string; context_line?: string }) => f.filename?.endsWith('early-throttle.test.ts') && f.context_line?.includes('JSON.stringify'))).toBe(true);
  });

  it('is off with a sample rate below 1 (the throttle never sees sampled-out errors)', async () => {
    const { integration, seen } = probe();
    await init({ integrations: [integration], sampleRate: 0.999999, throttle: { maxPerWindow: 1 } });
    await storm(20, () => Sentry.captureException(exportFailure()));
    expect(seen()).toBeGreaterThanOrEqual(19);
  });
});
