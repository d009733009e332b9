import { FingerprintOptionsError } from './errors';
import { canonicalKey, parseBool, WHOLE_VARIABLE } from './internal/keys';
import { ruleText } from './parser';
import type { FingerprintMatcher, FingerprintRule, MatcherKeyInput } from './types';

/**
 * One matcher, for people who prefer code to rule text. Aliases are canonicalised exactly as the
 * parser does (`error.type` becomes `type`), so `matcher('error.type', 'X')` equals what
 * `parseRules('error.type:X -> …')` produces.
 *
 * @throws {FingerprintOptionsError} `invalid-rules` for an unknown key or an `app` value that is not a boolean.
 */
export function matcher(key: MatcherKeyInput, pattern: string | boolean): FingerprintMatcher {
  const canonical = canonicalKey(key);
  if (canonical === undefined) {
    throw new FingerprintOptionsError('invalid-rules', `Unknown matcher '${key}': use error.type, error.value, message, logger, level, stack.function, stack.module, stack.abs_path, stack.package, app, family, sdk, release or tags.NAME`);
  }
  const p = typeof pattern === 'boolean' ? (pattern ? 'yes' : 'no') : pattern;
  if (canonical === 'app' && parseBool(p) === undefined) {
    throw new FingerprintOptionsError('invalid-rules', `Invalid value '${p}' for matcher 'app': use true or false`);
  }
  return { key: canonical, pattern: p, negated: false };
}

/** The negated form of a matcher (`!key:pattern`): the same item must NOT match. */
export function not(m: FingerprintMatcher): FingerprintMatcher {
  return { ...m, negated: !m.negated };
}

/** What {@link fingerprintRule} takes. */
export interface FingerprintRuleSpec {
  /** All must match (frame matchers on the same frame, exception matchers on the same exception). */
  matchers: FingerprintMatcher[];
  /** Parts, literal or `{{ variable }}` (see {@link variables}). May be empty only with a `title`. */
  fingerprint: string[];
  /** Issue title for Sentry's server; may contain `{{ variables }}`. */
  title?: string;
}

/** A rule object identical to what `parseRules` returns for the same rule (minus `line`). */
export function fingerprintRule(spec: FingerprintRuleSpec): FingerprintRule {
  if (!Array.isArray(spec.matchers) || spec.matchers.length === 0) {
    throw new FingerprintOptionsError('invalid-rules', 'a fingerprint rule needs at least one matcher, e.g. matcher("error.type", "ValueError")');
  }
  if (!Array.isArray(spec.fingerprint) || (spec.fingerprint.length === 0 && spec.title === undefined)) {
    throw new FingerprintOptionsError('invalid-rules', 'a fingerprint rule needs at least one fingerprint part (or a title)');
  }
  const fingerprint = spec.fingerprint.map((part) => {
    const m = WHOLE_VARIABLE.exec(part);
    return m !== null && m[1] === 'default' ? '{{ default }}' : part;
  });
  const matchers = spec.matchers.map((m) => ({ key: m.key, pattern: m.pattern, negated: m.negated }));
  const attributes = spec.title === undefined ? {} : { title: spec.title };
  return { matchers, fingerprint, attributes, text: ruleText({ matchers, fingerprint, attributes }) };
}

/** Fingerprint variables as constants: `fingerprint: ['api-error', variables.transaction]`. */
export const variables = {
  default: '{{ default }}',
  transaction: '{{ transaction }}',
  message: '{{ message }}',
  type: '{{ error.type }}',
  value: '{{ error.value }}',
  function: '{{ stack.function }}',
  absPath: '{{ stack.abs_path }}',
  filename: '{{ stack.filename }}',
  module: '{{ stack.module }}',
  package: '{{ stack.package }}',
  level: '{{ level }}',
  logger: '{{ logger }}',
  /** `{{ tags.NAME }}` */
  tag: (name: string): string => `{{ tags.${name} }}`,
} as const;
