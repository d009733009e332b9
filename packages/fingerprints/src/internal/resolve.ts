import type { FingerprintEvent, FingerprintFrame, FingerprintResult, FingerprintRule } from '../types';
import { crashingThread, logMessage, type EventView } from './event';
import { VARIABLES, WHOLE_VARIABLE } from './keys';

/**
 * The "crash frame" variables read: the last exception's frames, else the top-level stack trace,
 * else the frames of the only thread; the last in-app frame, else the last frame.
 */
export function crashFrame(event: FingerprintEvent): FingerprintFrame | undefined {
  const values = event.exception?.values;
  const last = Array.isArray(values) && values.length > 0 ? values[values.length - 1] : undefined;
  let frames = last?.stacktrace?.frames;
  if (!Array.isArray(frames) || frames.length === 0) frames = event.stacktrace?.frames;
  if (!Array.isArray(frames) || frames.length === 0) frames = crashingThread(event, true)?.stacktrace?.frames;
  if (!Array.isArray(frames) || frames.length === 0) return undefined;
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i]?.in_app === true) return frames[i];
  return frames[frames.length - 1];
}

function lastException(view: EventView) {
  const ex = view.exceptions();
  return ex.length > 0 ? ex[ex.length - 1] : undefined;
}

const nonEmpty = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Sentry's message parameterisation (`parameterize`), passed in so that the browser entry can leave it out. */
export type Parameterize = (message: string) => string;

/**
 * Resolves one variable name (without braces) Sentry's way. `{{ message }}` is parameterised with
 * `parameterize` when given (not in titles). Unknown names give `<unrecognized-variable-NAME>`
 * (Sentry's newest grouping config).
 */
export function resolveVariable(name: string, view: EventView, parameterize: Parameterize | undefined): string {
  const event = view.event;
  if (name.startsWith('tags.')) {
    const tag = name.slice(5);
    return view.tag(tag) ?? `<no-value-for-tag-${tag}>`;
  }
  const canonical = VARIABLES[name];
  switch (canonical) {
    case 'default':
      return '{{ default }}';
    case 'transaction':
      return nonEmpty(event.transaction) ?? '<no-transaction>';
    case 'message':
    case 'raw_message': {
      const msg = logMessage(event) ?? nonEmpty(lastException(view)?.value);
      if (msg === undefined) return '<no-message>';
      return canonical === 'message' && parameterize !== undefined ? parameterize(msg) : msg;
    }
    case 'type':
      return nonEmpty(lastException(view)?.type) ?? '<no-type>';
    case 'value':
    case 'raw_value':
      return nonEmpty(lastException(view)?.value) ?? '<no-value>';
    case 'function':
      return nonEmpty(crashFrame(event)?.function) ?? '<no-function>';
    case 'abs_path': {
      const f = crashFrame(event);
      return nonEmpty(f?.abs_path) ?? nonEmpty(f?.filename) ?? '<no-abs-path>';
    }
    case 'filename': {
      const f = crashFrame(event);
      return nonEmpty(f?.filename) ?? nonEmpty(f?.abs_path) ?? '<no-filename>';
    }
    case 'module':
      return nonEmpty(crashFrame(event)?.module) ?? '<no-module>';
    case 'package': {
      const pkg = nonEmpty(crashFrame(event)?.package);
      return pkg === undefined ? '<no-package>' : (pkg.split(/[/\\]/).pop() ?? pkg);
    }
    case 'level':
      return view.level();
    case 'logger':
      return view.logger() ?? '<no-logger>';
    default:
      return `<unrecognized-variable-${name}>`;
  }
}

/**
 * Resolves every part: whole-part `{{ name }}` variables, and literals equal to the message or an
 * exception value get parameterised. Without `parameterize` (the browser entry's default), the parts
 * that need it stay as written, `{{ message }}` and such literals: Sentry's server resolves a client
 * fingerprint the same way, so the group is the same.
 */
export function resolveFingerprint(parts: readonly string[], view: EventView, parameterize: Parameterize | undefined): string[] {
  const out: string[] = new Array<string>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const m = part.charCodeAt(0) === 123 /* { */ ? WHOLE_VARIABLE.exec(part) : null;
    if (m !== null) {
      out[i] = parameterize === undefined && VARIABLES[m[1]!] === 'message' ? part : resolveVariable(m[1]!, view, parameterize);
    } else {
      out[i] = parameterize !== undefined && (view.messages().includes(part) || logMessage(view.event) === part) ? parameterize(part) : part;
    }
  }
  return out;
}

const TITLE_VARIABLE = /\{\{\s*(\S+?)\s*\}\}/g;

/** Titles substitute every `{{ … }}` in the string, and never parameterise the message. */
export function resolveTitle(title: string, view: EventView): string {
  return title.replace(TITLE_VARIABLE, (_, name: string) => resolveVariable(name, view, undefined));
}

/** What `applyRules` returns for the rule that matched (both entries build it here). */
export function resultFor(rule: FingerprintRule, view: EventView, parameterize: Parameterize | undefined): FingerprintResult {
  const result: FingerprintResult = {
    fingerprint: resolveFingerprint(rule.fingerprint, view, parameterize),
    rawFingerprint: rule.fingerprint.slice(),
    rule,
  };
  if (rule.attributes.title !== undefined) result.title = resolveTitle(rule.attributes.title, view);
  return result;
}
