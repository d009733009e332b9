// The one module that decides which issue an event belongs to. The grouping itself (server-side
// fingerprint rules, the client fingerprint with `{{ default }}`, default grouping by exception
// type and in-app frames, message parameterisation) is @causal-organism/fingerprints; this file
// hashes its components and derives the issue columns local-sentry stores.
import { createHash } from 'node:crypto';
import { groupEvent as decide, type FingerprintRule } from '@causal-organism/fingerprints';
import { asString, frames, levelOf, messageOf, primaryException, type SentryEvent } from './internal/event';

/** How an event was grouped, and the issue fields derived from it. */
export interface Grouping {
  /** Issue identity within a project: a hash of the grouping components. */
  hash: string;
  title: string;
  culprit: string | null;
  metadata: Record<string, string>;
  /** Exception type (for `error.type:` searches), or null for message events. */
  errorType: string | null;
  /** `error` when the event has a typed exception, else `default`. */
  type: 'error' | 'default';
  level: string;
  /** `default`, `custom` (fingerprint only) or `hybrid` (default plus fingerprint). */
  kind: 'default' | 'custom' | 'hybrid';
}

/** Options for {@link groupEvent}. */
export interface GroupingOptions {
  /** Server-side fingerprint rules (parsed with `parseRules` from @causal-organism/fingerprints). @default [] */
  rules?: readonly FingerprintRule[];
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Groups one event the way Sentry does in outline, and derives title, culprit and metadata. */
export function groupEvent(event: SentryEvent, options: GroupingOptions = {}): Grouping {
  const decision = decide(event, options.rules === undefined ? {} : { rules: options.rules });
  const hash = createHash('sha1').update(`${decision.kind}\u0000${decision.components.join('\u0000')}`).digest('hex').slice(0, 32);
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
    const title = decision.title ?? (value ? `${type}: ${value}` : type);
    return { hash, title: truncate(title, 200), culprit, metadata, errorType: type, type: 'error', level, kind: decision.kind };
  }
  const message = messageOf(event) ?? exception?.value ?? '<unlabeled event>';
  const title = truncate(decision.title ?? message.split('\n')[0] ?? message, 200);
  return { hash, title, culprit: asString(event.transaction) ?? asString(event.culprit) ?? null, metadata: { title }, errorType: null, type: 'default', level, kind: decision.kind };
}
