import type { FingerprintIntegrationOptions } from '@causal-organism/fingerprints';
import type { ScrubbingIntegrationOptions } from '@causal-organism/scrubbing';
import { defineIntegration, type Client, type Event, type EventHint, type Integration } from '@sentry/core';
import { attachOutcomeCounters } from './counters';
import type { SentryEnvConfig } from './env';
import { buildIgnore } from './resolve';
import { throttleIntegration } from './throttle';
import type { CommonInitOptions, KitLogger } from './types';

/**
 * The SDK defaults the kit replaces, in both runtimes, and why:
 * - Dedupe drops every repeat forever; the windowed throttle replaces it.
 * - LocalVariables costs inspector work on every exception and collects secrets; on only when asked.
 */
export const REPLACED_DEFAULTS = new Set(['Dedupe', 'LocalVariablesAsync', 'LocalVariables']);

/** The integrations and client wiring the Node and browser entries share. */
export interface KitComposition {
  /**
   * The kit's integrations, in pipeline order: the app's, ignore, fingerprints (on the raw event, so
   * rules see real messages), the throttle (it groups by the final fingerprint, and what it holds back
   * is not scrubbed for nothing), and scrubbing last (after everything that adds data).
   */
  integrations: Integration[];
  /** Connects the counters hook once the client exists. */
  wire(client: Client | undefined): void;
}

/** What differs between the runtimes when composing the kit. */
export interface KitRuntime {
  logger: KitLogger;
  /**
   * The fingerprint integration: Node takes `fingerprintIntegration` (rules as text or objects);
   * the browser takes `fingerprintRulesIntegration` (rule objects only), which keeps the rule
   * parser out of page bundles.
   */
  fingerprintIntegration: (options: FingerprintIntegrationOptions) => Integration;
  /**
   * The scrubbing integration, passed in for the same reason: each entry bundles the scrubbing
   * entry made for its runtime (a page wants the small browser one).
   */
  scrubbingIntegration: (options: ScrubbingIntegrationOptions) => Integration;
}

export function composeKit(options: CommonInitOptions, config: SentryEnvConfig, runtime: KitRuntime): KitComposition {
  const { logger, fingerprintIntegration, scrubbingIntegration } = runtime;
  let onThrottled: ((event: Event) => void) | undefined;
  let onScrubFailed: (() => void) | undefined;
  const ignore = buildIgnore(options);
  const integrations: Integration[] = [...(options.integrations ?? [])];
  if (ignore !== undefined) integrations.push(ignoreIntegration({ ignore }));
  const fingerprints = options.fingerprints;
  if (fingerprints !== false) {
    integrations.push(
      fingerprintIntegration({
        ...fingerprints,
        onError: (error) => {
          logger.warn(`fingerprint rules failed on an event; it was sent with default grouping: ${String(error)}`);
          fingerprints?.onError?.(error);
        },
      }),
    );
  }
  // The throttle runs after fingerprints (it groups by the final fingerprint) and before scrubbing,
  // so events it holds back are never scrubbed for nothing.
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
  const scrubbing = options.scrubbing;
  if (scrubbing !== false) {
    integrations.push(
      scrubbingIntegration({
        logger,
        ...scrubbing,
        onScrubFailure: (error) => {
          onScrubFailed?.();
          scrubbing?.onScrubFailure?.(error);
        },
      }),
    );
  }
  return {
    integrations,
    wire(client) {
      if (client === undefined || options.onEventOutcome === undefined) return;
      const counters = attachOutcomeCounters(client, options.onEventOutcome);
      onThrottled = counters.throttled;
      onScrubFailed = counters.scrubFailed;
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
