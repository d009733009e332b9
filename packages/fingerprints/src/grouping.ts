import { applyRules } from './apply';
import { EventView, logMessage } from './internal/event';
import { resolveFingerprint } from './internal/resolve';
import { parameterize } from './parameterize';
import type { FingerprintEvent, FingerprintException, FingerprintFrame, FingerprintRule, GroupingKey } from './types';

/**
 * Sentry-like default grouping components, in outline (what Sentry's server does when there is no
 * rule and no client fingerprint). `local-sentry` hashes these; nothing here hashes, so the
 * package stays free of Node built-ins.
 *
 * - **exception**: for every exception of the chain, its `type` plus the frames' `module` (else
 *   the lower-cased file basename) and normalised `function`; never line numbers. Only in-app
 *   frames contribute when there are any (Sentry's "app" variant), else all frames ("system").
 *   The parameterised `value` contributes only when no frame does.
 * - **message**: the parameterised log message, cut to its first two non-empty lines.
 * - **fallback**: neither; one constant component.
 *
 * ```ts
 * defaultGroupingKey(event).components;
 * // ['type:TypeError', 'frame:app.src:users|getUser', 'frame:app.src:db|query']
 * ```
 */
export function defaultGroupingKey(event: FingerprintEvent): GroupingKey {
  const view = new EventView(event, undefined);
  const exceptions = view.exceptions();
  if (exceptions.length > 0) return exceptionKey(exceptions);
  const frames = view.frames();
  if (frames.length > 0) {
    const app = frameComponents(frames, true);
    if (app.length > 0) return { strategy: 'exception', components: app, variant: 'app' };
    const system = frameComponents(frames, false);
    if (system.length > 0) return { strategy: 'exception', components: system, variant: 'system' };
  }
  const message = logMessage(event);
  if (message !== undefined && message.trim() !== '') {
    return { strategy: 'message', components: [`message:${parameterize(trimToTwoLines(message))}`], variant: 'none' };
  }
  return { strategy: 'fallback', components: ['fallback'], variant: 'none' };
}

function exceptionKey(exceptions: FingerprintException[]): GroupingKey {
  const hasApp = exceptions.some((e) => frameComponents(e.stacktrace?.frames ?? [], true).length > 0);
  const components: string[] = [];
  for (const exc of exceptions) {
    components.push(`type:${typeof exc.type === 'string' && exc.type !== '' ? exc.type : '<no-type>'}`);
    const frames = frameComponents(Array.isArray(exc.stacktrace?.frames) ? exc.stacktrace.frames : [], hasApp);
    if (frames.length > 0) components.push(...frames);
    else if (typeof exc.value === 'string' && exc.value !== '') components.push(`value:${parameterize(exc.value)}`);
  }
  return { strategy: 'exception', components, variant: hasApp ? 'app' : 'system' };
}

function frameComponents(frames: FingerprintFrame[], inAppOnly: boolean): string[] {
  const out: string[] = [];
  for (const frame of frames) {
    if (frame === null || typeof frame !== 'object') continue;
    if (inAppOnly && frame.in_app !== true) continue;
    const c = frameComponent(frame);
    // Recursion: the same frame repeated back to back contributes once.
    if (c !== undefined && out[out.length - 1] !== c) out.push(c);
  }
  return out;
}

function frameComponent(frame: FingerprintFrame): string | undefined {
  const fn = normalizeFunction(frame.function);
  const where = typeof frame.module === 'string' && frame.module !== '' ? frame.module : basename(frame.filename ?? frame.abs_path);
  if (fn === undefined && where === undefined) return undefined;
  return `frame:${where ?? ''}|${fn ?? ''}`;
}

function basename(file: string | undefined): string | undefined {
  if (typeof file !== 'string' || file === '') return undefined;
  const clean = file.split(/[?#]/)[0]!;
  return (clean.split(/[/\\]/).pop() ?? clean).toLowerCase();
}

const ANONYMOUS = new Set(['<anonymous>', 'anonymous', '?', '<unknown>', '']);

// JavaScript: drop "[as alias]" and "async ", keep only the last "."-segment; anonymous
// functions and eval frames do not contribute (Sentry's JS function normalisation, in outline).
function normalizeFunction(fn: string | undefined): string | undefined {
  if (typeof fn !== 'string') return undefined;
  let f = fn.replace(/\s*\[as [^\]]*\]$/, '').replace(/^async\s+/, '').replace(/^new\s+/, '').trim();
  if (f === 'eval' || f.startsWith('eval at ')) return undefined;
  const dot = f.lastIndexOf('.');
  if (dot !== -1) f = f.slice(dot + 1);
  return ANONYMOUS.has(f) ? undefined : f;
}

function trimToTwoLines(message: string): string {
  const lines = message.split('\n').filter((l) => l.trim() !== '');
  const head = lines.slice(0, 2).join('\n');
  return lines.length > 2 ? `${head}...` : head;
}

/** Options for {@link groupEvent}. */
export interface GroupEventOptions {
  /** Server-side fingerprint rules: a match replaces the client fingerprint. @default [] */
  rules?: readonly FingerprintRule[];
}

/** How {@link groupEvent} grouped an event. */
export interface GroupingDecision {
  /** `default`: default grouping; `custom`: only the fingerprint; `hybrid`: default salted with the fingerprint. */
  kind: 'default' | 'custom' | 'hybrid';
  /** What to hash, in order. For `hybrid`, the default components followed by the resolved fingerprint. */
  components: string[];
  /** The resolved fingerprint that was used (server rule or client), if any. */
  fingerprint?: string[];
  /** Set when a server rule matched. */
  rule?: FingerprintRule;
  /** The matching rule's resolved title. */
  title?: string;
}

/**
 * What Sentry's server does with an arriving event, in outline, for `local-sentry`: a matching
 * server rule replaces the client fingerprint; else the client's `event.fingerprint` is resolved
 * (variables, `<no-…>` placeholders); `{{ default }}` alone means default grouping, with other
 * parts it is hybrid; no fingerprint at all means default grouping.
 */
export function groupEvent(event: FingerprintEvent, options: GroupEventOptions = {}): GroupingDecision {
  const matched = options.rules !== undefined && options.rules.length > 0 ? applyRules(event, options.rules) : null;
  let fingerprint: string[] | undefined;
  if (matched !== null) fingerprint = matched.fingerprint;
  else if (Array.isArray(event.fingerprint) && event.fingerprint.length > 0) {
    fingerprint = resolveFingerprint(event.fingerprint.map(String), new EventView(event, undefined), parameterize);
  }
  const extra = matched === null ? {} : { rule: matched.rule, ...(matched.title === undefined ? {} : { title: matched.title }) };
  // A rule with only a title (empty fingerprint) groups by default, as on Sentry.
  if (fingerprint === undefined || fingerprint.length === 0) {
    return { kind: 'default', components: defaultGroupingKey(event).components, ...extra };
  }
  const others = fingerprint.filter((p) => p !== '{{ default }}');
  if (others.length === fingerprint.length) return { kind: 'custom', components: fingerprint, fingerprint, ...extra };
  if (others.length === 0) return { kind: 'default', components: defaultGroupingKey(event).components, fingerprint, ...extra };
  return { kind: 'hybrid', components: [...defaultGroupingKey(event).components, ...others], fingerprint, ...extra };
}
