import type { Breadcrumb, DataCollection, ErrorEvent, Event, EventHint, Integration, SeverityLevel, User } from '@sentry/core';
import type { FingerprintIntegrationOptions } from '@causal-organism/fingerprints';
import type { ScrubbingIntegrationOptions } from '@causal-organism/scrubbing';
import type { ThrottleOptions } from './throttle';

/** Where the kit reports its own problems. Telemetry never throws into the host; it logs here. */
export interface KitLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What happened to one event (or a batch of dropped ones), for the service's metrics. */
export interface EventOutcome {
  /**
   * `sent`: handed to the transport; `dropped`: lost (sampling, queue limits, network, rate limits,
   * a `beforeSend` that returned null); `throttled`: held back by the windowed throttle and counted
   * on the next event of its group; `scrub_failed`: scrubbing threw and the event went out reduced.
   */
  kind: 'sent' | 'dropped' | 'throttled' | 'scrub_failed';
  /** Event level; `unknown` where the SDK does not say (most drops). */
  level: SeverityLevel | 'unknown';
  /** Data category for drops (`error`, `transaction`, `span`, `log_item`, ...). */
  category: string;
  /** Why it was dropped (`sample_rate`, `queue_overflow`, `network_error`, `ratelimit_backoff`, ...). */
  reason?: string;
  /** How many events this outcome stands for. */
  quantity: number;
}

/** A predicate that decides an event is noise and must not be sent. */
export type IgnorePredicate = (event: Event, hint: EventHint) => boolean;

/** Options shared by the Node and browser entries. Explicit options always win over the environment. */
export interface CommonInitOptions {
  /** DSN; overrides `SENTRY_DSN`. */
  dsn?: string;
  /** Overrides `SENTRY_ENVIRONMENT`. @default 'production' */
  environment?: string;
  /** Overrides `SENTRY_RELEASE`. */
  release?: string;
  /** Overrides `SENTRY_DEBUG`. @default false */
  debug?: boolean;
  /** Overrides `SENTRY_SAMPLE_RATE`. @default 1 */
  sampleRate?: number;
  /** Overrides `SENTRY_TRACES_SAMPLE_RATE`. Unset: tracing off. */
  tracesSampleRate?: number;
  /** Throw a `ConfigError` when no DSN is configured, instead of running disabled. @default false */
  required?: boolean;
  /** Where the kit logs. @default a console logger prefixed with `[sentry]` */
  logger?: KitLogger;
  /** More integrations (yours, or the kit's own when you compose by hand). */
  integrations?: Integration[];
  /** Messages to drop: substrings or regular expressions, matched against the error message. */
  ignoreErrors?: Array<string | RegExp>;
  /** Error classes to drop, by constructor or by name (`'AbortError'`). */
  ignoreErrorClasses?: Array<string | (abstract new (...args: never[]) => Error)>;
  /** Drop an event when this returns true. */
  shouldIgnore?: IgnorePredicate;
  /**
   * Your `beforeSend`. It runs after the kit's own processing (scrubbing, fingerprints, throttle),
   * on the scrubbed event, and composes with it instead of replacing it. Return `null` to drop.
   */
  beforeSend?: (event: ErrorEvent, hint: EventHint) => ErrorEvent | null | PromiseLike<ErrorEvent | null>;
  /** Called for every event sent, dropped, throttled or scrub-failed. Feed your metrics from it. */
  onEventOutcome?: (outcome: EventOutcome) => void;
  /**
   * PII and secret scrubbing of every event, breadcrumb, span and log before it leaves the process
   * (`@causal-organism/scrubbing`). `false` turns it off; don't. @default {} (all default rules)
   */
  scrubbing?: ScrubbingIntegrationOptions | false;
  /**
   * Client-side fingerprint rules (`@causal-organism/fingerprints`): your `rules` first, then the
   * platform built-ins (export, database connection and validation errors). @default { builtins: true }
   */
  fingerprints?: FingerprintIntegrationOptions | false;
  /** The windowed throttle that replaces the SDK's dedupe; `false` turns it off. */
  throttle?: ThrottleOptions | false;
  /** Overrides of the kit's conservative `dataCollection` defaults, merged field by field. */
  dataCollection?: DataCollection;
}

/** Options of the helpers that mirror the platform's existing call sites. */
export interface CaptureExceptionContext {
  tags?: Record<string, string | number | boolean>;
  extra?: Record<string, unknown>;
  user?: User;
  level?: SeverityLevel;
  fingerprint?: string[];
}

/** Options of {@link captureMessage}. */
export interface CaptureMessageContext {
  level?: SeverityLevel;
  tags?: Record<string, string | number | boolean>;
  extra?: Record<string, unknown>;
}

/** A breadcrumb as the platform's code records it. */
export type BreadcrumbInput = Pick<Breadcrumb, 'message' | 'category' | 'level' | 'data' | 'type'>;
