import { defineIntegration, type Client, type Event, type EventHint, type Integration } from '@sentry/core';
import { attachOutcomeCounters } from './counters';
import type { SentryEnvConfig } from './env';
import { buildIgnore } from './resolve';
import { throttleIntegration } from './throttle';
import type { CommonInitOptions } from './types';

/**
 * The SDK defaults the kit replaces, in both runtimes, and why:
 * - Dedupe drops every repeat forever; the windowed throttle replaces it.
 * - LocalVariables costs inspector work on every exception and collects secrets; on only when asked.
 */
export const REPLACED_DEFAULTS = new Set(['Dedupe', 'LocalVariablesAsync', 'LocalVariables']);

/** The integrations and client wiring the Node and browser entries share. */
export interface KitComposition {
  /** The kit's integrations, in pipeline order: the app's, then ignore, then the throttle last. */
  integrations: Integration[];
  /** Connects the counters hook once the client exists. */
  wire(client: Client | undefined): void;
}

export function composeKit(options: CommonInitOptions, config: SentryEnvConfig): KitComposition {
  let onThrottled: ((event: Event) => void) | undefined;
  const ignore = buildIgnore(options);
  const integrations: Integration[] = [...(options.integrations ?? [])];
  if (ignore !== undefined) integrations.push(ignoreIntegration({ ignore }));
  // The throttle goes last, so it sees the fingerprint the other integrations set.
  const throttle = options.throttle;
  if (throttle !== false) {
    integrations.push(
      throttleIntegration({
        maxPerWindow: config.throttlePerMinute,
        ...throttle,
        onThrottled: (event, key) => {
          onThrottled?.(event);
          throttle?.onThrottled?.(event, key);
        },
      }),
    );
  }
  return {
    integrations,
    wire(client) {
      if (client === undefined || options.onEventOutcome === undefined) return;
      onThrottled = attachOutcomeCounters(client, options.onEventOutcome).throttled;
    },
  };
}

const ignoreIntegration = defineIntegration(
  ({ ignore }: { ignore: (event: Event, hint: EventHint) => boolean }) =>
    ({
      name: 'KitIgnore',
      processEvent(event: Event, hint: EventHint): Event | null {
        return event.type === undefined && ignore(event, hint) ? null : event;
      },
    }) satisfies Integration,
);
