// Options -> a validated, engine-neutral configuration. Both engines (Node and browser) start from
// this, so they accept the same options, reject the same mistakes with the same typed errors, and
// redact with the same methods; they differ only in how they walk values and scan strings.

import { ScrubbingConfigError, type ScrubbingConfigErrorCode } from '../errors';
import { keyBytes, keyedHashHex, processHashKey } from './hash';
import { createKeyMatcher, type KeyMatcher } from './keys';
import { parseSelector, type Selector } from './paths';
import type { RuleSetting, ScrubMethod, ScrubOptions, ValueRuleSettings } from '../types';

/** Turns the secret part of a string into its replacement (per rule: replace, mask, hash or remove). */
export type Redact = (secret: string) => string;

/** Marker for "delete this value" (method `remove` on a key or path match). */
export const REMOVED: unique symbol = Symbol('removed');

/**
 * The configurable value rules in the order they run, with their default replacement text. Order
 * matters: `urlAuth` before `email` (so `user:pass@host` is one secret), `jwt` before `authHeader`.
 */
export const DEFAULT_REPLACEMENTS: Readonly<Record<keyof ValueRuleSettings, string>> = {
  pemKey: '[pemkey]',
  urlAuth: '[auth]',
  jwt: '[jwt]',
  tokens: '[token]',
  authHeader: '[token]',
  keyValue: '[Filtered]',
  creditCard: '[creditcard]',
  iban: '[iban]',
  ssn: '[us-ssn]',
  email: '[email]',
  ip: '[ip]',
};

/** One enabled rule: a built-in (by name) or a custom pattern (`re`, `group`). */
export interface RuleConfig {
  name: keyof ValueRuleSettings | 'custom';
  redact: Redact;
  re?: RegExp;
  group?: number;
}

/** Validated options. */
export interface Config {
  /** Enabled built-in rules in run order, then the custom patterns. */
  rules: RuleConfig[];
  isSensitiveKey: KeyMatcher;
  keyRedact: (value: string) => string | typeof REMOVED;
  paths: Selector[];
  safePaths: Selector[];
  maxStringLength: number;
  maxTotalLength: number;
  maxDepth: number;
  hasCustom: boolean;
}

/** Scrubbing state of an {@link Engine}; what the integration needs beyond the public scrubber. */
export interface Engine {
  scrubEvent: <T extends object>(event: T) => T;
  scrubText: (text: string) => string;
  scrubValue: <T>(value: T) => T;
  /** Scrub `value` as if it sat under `key`; returns `removed` when the method deletes it. */
  scrubEntry: (key: string, value: unknown) => unknown;
  readonly removed: symbol;
}

const METHODS: readonly ScrubMethod[] = ['replace', 'mask', 'hash', 'remove'];

// Messages are short on purpose: this module is in every browser bundle. Each names the option.
function fail(option: string, message: string, code: ScrubbingConfigErrorCode = 'INVALID_OPTION'): never {
  throw new ScrubbingConfigError({ code, option, message });
}

function checkMethod(method: unknown, option: string): ScrubMethod {
  return METHODS.includes(method as ScrubMethod) ? (method as ScrubMethod) : fail(option, `unknown method ${JSON.stringify(method)}; use ${METHODS.join(', ')}`);
}

function positive(value: number | undefined, fallback: number, option: string): number {
  return value === undefined ? fallback : typeof value === 'number' && value > 0 ? value : fail(option, `must be a positive number, got ${String(value)}`);
}

/**
 * Validate `options`.
 * @throws {ScrubbingConfigError} naming the first wrong option and how to fix it
 */
export function compileOptions(options: ScrubOptions = {}): Config {
  if (typeof options !== 'object' || options === null) fail('options', 'must be an object');
  const settings: ValueRuleSettings = options.rules ?? {};
  const patterns = options.patterns ?? [];
  const sensitiveKeys = options.sensitiveKeys ?? [];
  const safeKeys = options.safeKeys ?? [];
  const key = options.hashKey;
  const names = Object.keys(DEFAULT_REPLACEMENTS) as Array<keyof ValueRuleSettings>;
  for (const name of Object.keys(settings)) {
    if (!names.includes(name as keyof ValueRuleSettings)) fail(`rules.${name}`, `unknown rule; known rules are ${names.join(', ')}`);
  }
  const hashKeyBytes = key === undefined ? undefined : typeof key === 'string' || key instanceof Uint8Array ? keyBytes(key) : new Uint8Array();
  if (hashKeyBytes && hashKeyBytes.length < 16) fail('hashKey', 'must be a string or Uint8Array of at least 16 random bytes (so hashes cannot be brute-forced)', 'INVALID_HASH_KEY');
  const hashKey = (): Uint8Array => hashKeyBytes ?? processHashKey();
  let usesHash = false;
  /** The redaction for a method; `hash` marks the key as needed. */
  const redactor = (method: ScrubMethod, replacement: string): Redact => {
    usesHash ||= method === 'hash';
    return method === 'replace'
      ? () => replacement
      : method === 'mask'
        ? // One '*' per code point: low surrogates are not counted.
          (secret) => '*'.repeat(secret.replace(/[\udc00-\udfff]/g, '').length)
        : method === 'hash'
          ? (secret) => `[hash:${keyedHashHex(hashKey(), secret)}]`
          : () => '';
  };

  sensitiveKeys.forEach((k, i) => typeof k === 'string' || k instanceof RegExp || fail(`sensitiveKeys[${i}]`, 'must be a string or a RegExp'));
  safeKeys.forEach((k, i) => typeof k === 'string' || fail(`safeKeys[${i}]`, 'must be a string'));
  const isSensitiveKey = createKeyMatcher({ useDefaults: options.useDefaultSensitiveKeys !== false, sensitive: sensitiveKeys, safe: safeKeys });

  const rules: RuleConfig[] = [];
  for (const name of names) {
    const setting: RuleSetting | undefined = settings[name];
    if (setting === false) continue;
    const option = `rules.${name}`;
    // Emails and IPs are masked by default, everything else replaced.
    let method: ScrubMethod = name === 'email' || name === 'ip' ? 'mask' : 'replace';
    let replacement = DEFAULT_REPLACEMENTS[name];
    if (typeof setting === 'string') method = checkMethod(setting, option);
    else if (typeof setting === 'object' && setting !== null) {
      if (setting.method !== undefined) method = checkMethod(setting.method, `${option}.method`);
      if (setting.replacement !== undefined) replacement = setting.replacement;
      if (typeof replacement !== 'string') fail(`${option}.replacement`, 'must be a string');
    } else if (setting !== true && setting !== undefined) fail(option, 'must be true, false, a method name or { method, replacement }');
    rules.push({ name, redact: redactor(method, replacement) });
  }
  patterns.forEach((p, i) => {
    const option = `patterns[${i}]`;
    if (typeof p !== 'object' || p === null || typeof p.id !== 'string' || p.id === '') fail(`${option}.id`, 'must be a non-empty string');
    const { pattern } = p;
    const group = p.group ?? 0;
    if (!Number.isInteger(group) || group < 0) fail(`${option}.group`, 'must be a non-negative integer');
    let re: RegExp;
    try {
      const regexp = pattern instanceof RegExp;
      const source = regexp ? pattern.source : pattern;
      if (typeof source !== 'string' || source === '') throw new TypeError('empty pattern');
      // `g` to scan the whole string, `d` for the group's position; `y` would anchor the scan.
      re = new RegExp(source, `${regexp ? pattern.flags.replace(/[gyd]/g, '') : ''}g${group > 0 ? 'd' : ''}`);
    } catch (cause) {
      throw new ScrubbingConfigError({
        code: 'INVALID_PATTERN',
        option: `${option}.pattern`,
        message: `is not a valid regular expression (${String(cause)}); pass a RegExp or its source`,
        cause,
      });
    }
    rules.push({ name: 'custom', redact: redactor(p.method === undefined ? 'replace' : checkMethod(p.method, `${option}.method`), p.replacement ?? `[${p.id}]`), re, group });
  });

  const method = options.method ?? 'replace';
  const replacement = options.replacement ?? '[Filtered]';
  checkMethod(method, 'method');
  if (typeof replacement !== 'string') fail('replacement', 'must be a string');
  const keyRedact = method === 'remove' ? (): typeof REMOVED => REMOVED : redactor(method, replacement);
  // Fail at configuration time, not on the first event, if hashing cannot work here.
  if (usesHash) hashKey();

  return {
    rules,
    isSensitiveKey,
    keyRedact,
    paths: (options.paths ?? []).map((p, i) => parseSelector(p, `paths[${i}]`)),
    safePaths: (options.safePaths ?? []).map((p, i) => parseSelector(p, `safePaths[${i}]`)),
    maxStringLength: positive(options.maxStringLength, 32768, 'maxStringLength'),
    maxTotalLength: positive(options.maxTotalLength, 1_000_000, 'maxTotalLength'),
    maxDepth: positive(options.maxDepth, 24, 'maxDepth'),
    hasCustom: patterns.length > 0,
  };
}
