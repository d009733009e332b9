// The one module that decides which issue an event belongs to. Grouping itself (fingerprint
// rules, `{{ default }}`, message parameterisation, default grouping) lives in
// @causal-organism/fingerprints; this file adapts its answers to the columns local-sentry stores.
import { createHash } from 'node:crypto';
import { asString, frames, levelOf, messageOf, primaryException, type SentryEvent } from './internal/event';
import { defaultGroupingComponents } from './internal/default-grouping';

/** How an event was grouped, and the issue fields derived from it. */
export interface Grouping {
  /** Issue identity within a project. */
  hash: string;
  title: string;
  culprit: string | null;
  metadata: Record<string, string>;
  /** Exception type (for `error.type:` searches), or null for message events. */
  errorType: string | null;
  /** `error` when the event has an exception, else `default`. */
  type: 'error' | 'default';
  level: string;
}

const DEFAULT_VARIABLE = /^\{\{\s*default\s*\}\}$/;

/** Components of the event's fingerprint, with `{{ default }}` expanded; null when it has none. */
function fingerprintComponents(event: SentryEvent): string[] | null {
  const fingerprint = event.fingerprint;
  if (!Array.isArray(fingerprint) || fingerprint.length === 0) return null;
  return fingerprint.flatMap((part) => {
    const text = typeof part === 'string' ? part : String(part);
    return DEFAULT_VARIABLE.test(text) ? defaultGroupingComponents(event) : [text];
  });
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Groups one event: fingerprint when present, else default grouping. */
export function groupEvent(event: SentryEvent): Grouping {
  const components = fingerprintComponents(event) ?? defaultGroupingComponents(event);
  const hash = createHash('sha1').update(components.join('\u0000')).digest('hex').slice(0, 32);
  const exception = primaryException(event);
  const level = levelOf(event);
  // SDK v11 attaches a synthetic, type-less exception to captureMessage events: those are message events.
  if (exception?.type !== undefined) {
    const type = exception.type;
    const value = exception.value ?? '';
    const frameList = frames(exception);
    const top = [...frameList].reverse().find((f) => f.in_app === true) ?? frameList[frameList.length - 1];
    // Sentry's metadata shape for errors always has filename, type and value.
    const metadata: Record<string, string> = { type, value, filename: top?.filename ?? top?.abs_path ?? '' };
    if (top?.function !== undefined) metadata.function = top.function;
    const culprit = asString(event.transaction) ?? (top ? `${top.module ?? top.filename ?? '?'} in ${top.function ?? '?'}` : null);
    return { hash, title: truncate(value ? `${type}: ${value}` : type, 200), culprit, metadata, errorType: type, type: 'error', level };
  }
  const message = messageOf(event) ?? exception?.value ?? '<unlabeled event>';
  const title = truncate(message.split('\n')[0] ?? message, 200);
  return { hash, title, culprit: asString(event.transaction) ?? asString(event.culprit) ?? null, metadata: { title }, errorType: null, type: 'default', level };
}
