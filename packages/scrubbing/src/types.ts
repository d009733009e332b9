/**
 * What happens to a sensitive value. The names are Sentry's (Relay's) redaction methods.
 * - `replace`: the value (or the matched part of a string) becomes a fixed text such as `[Filtered]`.
 * - `mask`: every character of the matched part becomes `*` (length kept, counted in code points).
 * - `hash`: the matched part becomes `[hash:<32 hex>]`, a keyed HMAC-SHA256, so equal inputs stay
 *   equal (you can still group by them) but a 9-digit SSN cannot be recovered by brute force.
 * - `remove`: the matched part becomes `""`; a value matched by its key is deleted.
 */
export type ScrubMethod = 'replace' | 'mask' | 'hash' | 'remove';

/**
 * Per-rule setting: `false` turns the rule off, `true` keeps its default, a method name changes the
 * method, an object changes the method and/or the replacement text.
 */
export type RuleSetting = boolean | ScrubMethod | { method?: ScrubMethod; replacement?: string };

/** The built-in value rules that can be configured one by one. */
export interface ValueRuleSettings {
  /** Payment card numbers (13-19 digits, spaces or dashes, Luhn and brand checked). @default 'replace' -> `[creditcard]` */
  creditCard?: RuleSetting;
  /** US social security numbers (dashed anywhere; undashed only after an `ssn` keyword; invalid ranges skipped). @default 'replace' -> `[us-ssn]` */
  ssn?: RuleSetting;
  /** IBANs, compact or in groups of four, length and mod-97 checked. @default 'replace' -> `[iban]` */
  iban?: RuleSetting;
  /** The body of PEM private keys. @default 'replace' -> `[pemkey]` */
  pemKey?: RuleSetting;
  /** `user:password` in `scheme://user:password@host`. @default 'replace' -> `[auth]` */
  urlAuth?: RuleSetting;
  /** The credential after `Bearer` / `Basic` / `Token` / `Digest` in text. @default 'replace' -> `[token]` */
  authHeader?: RuleSetting;
  /** JSON Web Tokens. @default 'replace' -> `[jwt]` */
  jwt?: RuleSetting;
  /** The value in `password=…`, `"apiKey": "…"`, `token: …`, query strings, SQL, for any sensitive key name. @default 'replace' -> `[Filtered]` */
  keyValue?: RuleSetting;
  /** Well-known token formats (cloud, source hosts, chat, payment, mail, registries, AI providers). @default 'replace' -> `[token]` */
  tokens?: RuleSetting;
  /** Email addresses. @default 'mask' */
  email?: RuleSetting;
  /** IPv4 and IPv6 addresses. @default 'mask' */
  ip?: RuleSetting;
}

/** A pattern of your own, applied to every string after the built-in value rules. */
export interface CustomPattern {
  /** A short name, used in errors and in the default replacement `[<id>]`. */
  id: string;
  /**
   * What to find. A string is compiled as a regular expression; the `g` flag is added. Keep it
   * linear (no nested quantifiers): per-string caps bound the damage, but not the CPU.
   */
  pattern: RegExp | string;
  /** Which capture group is the secret; 0 is the whole match. @default 0 */
  group?: number;
  /** @default 'replace' */
  method?: ScrubMethod;
  /** @default `[<id>]` */
  replacement?: string;
}

/** Options for {@link createScrubber}, `scrubEvent`, `scrubText` and `scrubValue`. */
export interface ScrubOptions {
  /**
   * Extra sensitive key names. A string is a key name, compared on its tokens (camelCase, snake,
   * kebab and dots are split; `orderSecret` matches `order_secret` and `X-Order-Secret`); a RegExp is
   * tested against the raw key. @default []
   */
  sensitiveKeys?: Array<string | RegExp>;
  /** Keep the built-in sensitive key list (passwords, tokens, secrets, API keys, cookies, cards, …). @default true */
  useDefaultSensitiveKeys?: boolean;
  /**
   * Key names that are never filtered by name (values are still scanned by the value rules), e.g.
   * `['session_count']`. Compared like `sensitiveKeys` strings. @default []
   */
  safeKeys?: string[];
  /**
   * pino-style path selectors whose values are always redacted: `request.headers.x-internal`,
   * `extra.*.token`, `a[0].b`, `contexts["my.ctx"].id`. `*` is one level, `**` any number of levels.
   * Paths start at the event (or at the value given to `scrubValue`). @default []
   */
  paths?: string[];
  /** Selectors left completely untouched, with the same syntax as `paths`. @default [] */
  safePaths?: string[];
  /** Method for values redacted because of their key or path. @default 'replace' */
  method?: ScrubMethod;
  /** Replacement text for values redacted because of their key or path. @default '[Filtered]' */
  replacement?: string;
  /** Switch built-in value rules off, or change their method or text. @default all on */
  rules?: ValueRuleSettings;
  /** Extra patterns. @default [] */
  patterns?: CustomPattern[];
  /**
   * Key for `hash`. Without it a random 32-byte key is drawn once per process from
   * `globalThis.crypto.getRandomValues`, so hashes are stable within a process only. Give a key
   * (at least 16 bytes) to correlate across processes. @default a per-process random key
   */
  hashKey?: string | Uint8Array;
  /**
   * Strings longer than this are cut to this length (with a `…[truncated N]` marker) before they
   * are scanned, which bounds the work per string. @default 32768
   */
  maxStringLength?: number;
  /**
   * Budget of string characters scanned per event or value. Once spent, remaining strings are
   * replaced by `[Filtered: budget]` instead of being sent unscanned. @default 1000000
   */
  maxTotalLength?: number;
  /** Deeper values are replaced by `[Filtered: depth]`. @default 24 */
  maxDepth?: number;
}

/** A compiled scrubber: the options are validated and all rules built once. */
export interface Scrubber {
  /** Returns a scrubbed copy of a Sentry event (copy-on-write: untouched branches are shared, the input is never mutated). */
  scrubEvent: <T extends object>(event: T) => T;
  /** Returns the string with every value rule applied. */
  scrubText: (text: string) => string;
  /** Scrubs any JSON-like value (request bodies, attributes, …) by key and value rules; copy-on-write. */
  scrubValue: <T>(value: T) => T;
}

/** The logger the integration reports its own failures to. */
export interface ScrubLogger {
  error(message: string, ...args: unknown[]): void;
}

/** Options of {@link scrubbingIntegration}: the engine options plus failure reporting. */
export interface ScrubbingIntegrationOptions extends ScrubOptions {
  /**
   * Called once per failure, after the affected data has been reduced to a safe minimum or dropped.
   * Use it to count failures. Errors thrown here are swallowed. @default undefined
   */
  onScrubFailure?: (error: unknown) => void;
  /** Where failures are logged. @default Sentry's `debug` logger (prints only with `debug: true`) */
  logger?: ScrubLogger;
}
