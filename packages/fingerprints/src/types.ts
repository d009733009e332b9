/**
 * Public types. Rules are plain, JSON-serialisable data: what `parseRules` returns, what the
 * builders return, and what `applyRules` reports as the matching rule are the same shape.
 */

/** Canonical matcher keys (Sentry stores aliases such as `error.type` as `type`). */
export type MatcherKey =
  | 'type'
  | 'value'
  | 'message'
  | 'logger'
  | 'level'
  | 'function'
  | 'module'
  | 'path'
  | 'package'
  | 'app'
  | 'family'
  | 'sdk'
  | 'release'
  | `tags.${string}`;

/** Every key accepted in a rules text, aliases included. */
export type MatcherKeyInput = MatcherKey | 'error.type' | 'error.value' | 'stack.function' | 'stack.module' | 'stack.abs_path' | 'stack.package';

/** One `key:pattern` (or `!key:pattern`) condition of a rule. */
export interface FingerprintMatcher {
  /** Canonical key: `type`, `value`, `message`, `logger`, `level`, `function`, `module`, `path`, `package`, `app`, `family`, `sdk`, `release` or `tags.NAME`. */
  key: MatcherKey;
  /** The glob (or boolean/list for `app`, `family`, `sdk`), unquoted and unescaped as Sentry does. */
  pattern: string;
  /** `!key:pattern`: the item (exception, frame, …) must NOT match. */
  negated: boolean;
}

/** Attributes after `->` other than fingerprint parts. Only `title` exists. */
export interface FingerprintRuleAttributes {
  /** `title="…"`: the issue title Sentry's server shows; may contain `{{ variables }}`. */
  title?: string;
}

/** One rule: matchers -> fingerprint. */
export interface FingerprintRule {
  matchers: FingerprintMatcher[];
  /** The fingerprint parts as written, variables unresolved (`{{ default }}` normalised). */
  fingerprint: string[];
  attributes: FingerprintRuleAttributes;
  /** Sentry's canonical display form (`type:"X" -> "a{{ transaction }}"`); lossy, for display only. */
  text: string;
  /** 1-based line in the parsed text; absent for rules made by builders. */
  line?: number;
  /** Set on this package's built-in platform rules. */
  builtin?: boolean;
}

/** A stack frame as Sentry events carry it (only the fields the rules read). */
export interface FingerprintFrame {
  function?: string;
  raw_function?: string;
  module?: string;
  filename?: string;
  abs_path?: string;
  package?: string;
  in_app?: boolean;
  platform?: string;
  lineno?: number;
  colno?: number;
  context_line?: string;
}

/** A stack trace. */
export interface FingerprintStacktrace {
  frames?: FingerprintFrame[];
}

/** One exception of `event.exception.values`, oldest cause first (Sentry's order). */
export interface FingerprintException {
  type?: string;
  value?: string;
  module?: string;
  stacktrace?: FingerprintStacktrace;
  mechanism?: { type?: string; handled?: boolean };
}

/**
 * The parts of a Sentry event the rules read. A `@sentry/core` `Event`, an event JSON received by
 * a server, and `local-sentry`'s stored events all fit.
 */
export interface FingerprintEvent {
  platform?: string;
  level?: string;
  logger?: string;
  release?: string;
  transaction?: string;
  /** JS SDKs send a string; Relay normalises it into `logentry`. */
  message?: string | { formatted?: string; message?: string };
  logentry?: { formatted?: string; message?: string };
  exception?: { values?: FingerprintException[] };
  stacktrace?: FingerprintStacktrace;
  threads?: { values?: Array<{ stacktrace?: FingerprintStacktrace; crashed?: boolean; current?: boolean }> };
  tags?: Record<string, unknown> | Array<[string, unknown]>;
  sdk?: { name?: string; version?: string };
  fingerprint?: string[];
  contexts?: Record<string, unknown>;
  request?: { method?: string; url?: string };
}

/** Options for {@link applyRules} and {@link explain}: facts the event itself may not carry yet. */
export interface ApplyRulesOptions {
  /**
   * SDK name for `sdk:` matchers when `event.sdk` is not filled in yet (inside the SDK pipeline it
   * is added only when the envelope is built). `event.sdk.name` wins when present.
   */
  sdkName?: string;
}

/** What {@link applyRules} returns when a rule matched. */
export interface FingerprintResult {
  /** Every variable resolved against the event, Sentry's way (`<no-transaction>` placeholders, `{{ default }}` kept). */
  fingerprint: string[];
  /** The parts exactly as the rule wrote them, variables unresolved. */
  rawFingerprint: string[];
  /** The rule's `title` with its `{{ … }}` filled in, when the rule has one. */
  title?: string;
  /** The rule that matched (the first one, in order). */
  rule: FingerprintRule;
}

/** Why one matcher passed or failed, for {@link explain}. */
export interface MatcherExplanation {
  matcher: FingerprintMatcher;
  /** Whether some item satisfied the whole group this matcher belongs to. */
  matched: boolean;
  /** A sentence a person can act on: which value or frame was tested and what happened. */
  reason: string;
}

/** One rule's verdict in {@link explain}. */
export interface RuleExplanation {
  rule: FingerprintRule;
  matched: boolean;
  /** True for the rule `applyRules` would pick (the first that matched). */
  chosen: boolean;
  matchers: MatcherExplanation[];
  /** One-line summary, e.g. `no frame has function "connect" together with module "bot*" (checked 30 frames)`. */
  reason: string;
}

/** The result of {@link explain}. */
export interface Explanation {
  /** Same as `applyRules` would return. */
  result: FingerprintResult | null;
  rules: RuleExplanation[];
}

/** Where a default grouping key came from. */
export type GroupingStrategy = 'exception' | 'message' | 'fallback';

/** Sentry-like default grouping components, see {@link defaultGroupingKey}. */
export interface GroupingKey {
  strategy: GroupingStrategy;
  /** Ordered, human-readable components; hash them (with a separator) to get a group id. */
  components: string[];
  /** Whether only in-app frames contributed (Sentry's "app" variant) or all frames ("system"). */
  variant: 'app' | 'system' | 'none';
}
