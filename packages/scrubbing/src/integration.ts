import type { Integration } from '@sentry/core';
import { createScrubbingIntegration } from './internal/integration';
import { createEngine } from './scrubber';
import type { ScrubbingIntegrationOptions } from './types';

/**
 * The Sentry (v11) integration. It scrubs every way data leaves the SDK, and fails closed:
 * - error and transaction events in `processEvent` (after the SDK's own integrations added request
 *   and user data), and again in `beforeSendEvent`, after your `beforeSend`;
 * - breadcrumbs when they are recorded (`beforeAddBreadcrumb`);
 * - streamed spans in `processSpan` (it runs for every span, after `processSegmentSpan` hooks
 *   of other integrations have added request data to segment spans);
 * - logs in `beforeCaptureLog`, metrics in `processMetric`;
 * - a last pass over log, metric and span envelope items, session distinct ids and IPs, and the
 *   envelope's trace header in `beforeEnvelope`, which also covers scope attributes the SDK adds
 *   after those hooks.
 *
 * If scrubbing throws, the data is reduced to a safe minimum (an event keeps its type, exception
 * types and frames without variables; a log keeps its level; a span its op) or dropped, never sent
 * raw, and the failure goes to `onScrubFailure` and `logger`.
 * @throws {ScrubbingConfigError} when options are invalid (at construction, not per event)
 */
export function scrubbingIntegration(options?: ScrubbingIntegrationOptions): Integration {
  return createScrubbingIntegration(createEngine, options);
}
