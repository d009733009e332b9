// Options -> a validated, engine-neutral configuration. Both engines (Node and browser) start from
// this, so they accept the same options, reject the same mistakes with the same typed errors, and
// redact with the same methods; they differ only in how they walk values and scan strings.

import { ScrubbingConfigError } from '../errors';
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

const METHODS: readonly ScrubMethod[] = ['replace', 'mask', 'hash', 'remove'];

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

function countCodePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

function makeRedact(method: ScrubMethod, replacement: string, hashKey: () => Uint8Array): Redact {
  switch (method) {
    case 'replace':
      return () => replacement;
    case 'mask':
      return (secret) => '*'.repeat(countCodePoints(secret));
    case 'hash':
      return (secret) => `[hash:${keyedHashHex(hashKey(), secret)}]`;
    case 'remove':
      return () => '';
  }
}

function invalid(option: string, message: string): never {
  throw new ScrubbingConfigError({ code: 'INVALID_OPTION', option, message });
}

function assertMethod(method: unknown, option: string): asserts method is ScrubMethod {
  if (!METHODS.includes(method as ScrubMethod)) {
    invalid(option, `unknown method ${JSON.stringify(method)}; use one of ${METHODS.join(', ')}`);
  }
}

function resolveSetting(name: keyof ValueRuleSettings, setting: RuleSetting | undefined): { method: ScrubMethod; replacement: string } | undefined {
  // Emails and IPs are masked by default, everything else replaced.
  const base = { method: (name === 'email' || name === 'ip' ? 'mask' : 'replace') as ScrubMethod, replacement: DEFAULT_REPLACEMENTS[name] };
  if (setting === undefined || setting === true) return base;
  if (setting === false) return undefined;
  if (typeof setting === 'string') {
    assertMethod(setting, `rules.${name}`);
    return { ...base, method: setting };
  }
  if (typeof setting === 'object' && setting !== null) {
    if (setting.method !== undefined) assertMethod(setting.method, `rules.${name}.method`);
    if (setting.replacement !== undefined && typeof setting.replacement !== 'string') invalid(`rules.${name}.replacement`, 'must be a string');
    return { method: setting.method ?? base.method, replacement: setting.replacement ?? base.replacement };
  }
  return invalid(`rules.${name}`, 'must be true, false, a method name or { method, replacement }');
}

function positive(value: number | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0)) invalid(option, `must be a positive number, got ${String(value)}`);
  return value;
}

/**
 * Validate `options`.
 * @throws {ScrubbingConfigError} naming the first wrong option and how to fix it
 */
export function compileOptions(options: ScrubOptions = {}): Config {
  if (typeof options !== 'object' || options === null) invalid('options', 'must be an object');
  const names = Object.keys(DEFAULT_REPLACEMENTS) as Array<keyof ValueRuleSettings>;
  for (const name of Object.keys(options.rules ?? {})) {
    if (!names.includes(name as keyof ValueRuleSettings)) invalid(`rules.${name}`, `unknown rule; known rules are ${names.join(', ')}`);
  }
  let hashKeyBytes: Uint8Array | undefined;
  if (options.hashKey !== undefined) {
    const fail = (message: string): never => {
      throw new ScrubbingConfigError({ code: 'INVALID_HASH_KEY', option: 'hashKey', message });
    };
    if (typeof options.hashKey !== 'string' && !(options.hashKey instanceof Uint8Array)) fail('must be a string or a Uint8Array');
    hashKeyBytes = keyBytes(options.hashKey);
    if (hashKeyBytes.length < 16) fail(`is ${hashKeyBytes.length} bytes; use at least 16 random bytes so hashes cannot be brute-forced`);
  }
  const hashKey = (): Uint8Array => hashKeyBytes ?? processHashKey();

  for (const [i, k] of (options.sensitiveKeys ?? []).entries()) {
    if (typeof k !== 'string' && !(k instanceof RegExp)) invalid(`sensitiveKeys[${i}]`, 'must be a string or a RegExp');
  }
  for (const [i, k] of (options.safeKeys ?? []).entries()) {
    if (typeof k !== 'string') invalid(`safeKeys[${i}]`, 'must be a string');
  }
  const isSensitiveKey = createKeyMatcher({
    useDefaults: options.useDefaultSensitiveKeys !== false,
    sensitive: options.sensitiveKeys ?? [],
    safe: options.safeKeys ?? [],
  });

  const rules: RuleConfig[] = [];
  let usesHash = false;
  for (const name of names) {
    const setting = resolveSetting(name, options.rules?.[name]);
    if (!setting) continue;
    usesHash ||= setting.method === 'hash';
    rules.push({ name, redact: makeRedact(setting.method, setting.replacement, hashKey) });
  }
  for (const [i, p] of (options.patterns ?? []).entries()) {
    const option = `patterns[${i}]`;
    if (typeof p !== 'object' || p === null || typeof p.id !== 'string' || p.id === '') invalid(`${option}.id`, 'must be a non-empty string');
    const group = p.group ?? 0;
    if (!Number.isInteger(group) || group < 0) invalid(`${option}.group`, 'must be a non-negative integer');
    let re: RegExp;
    try {
      const source = p.pattern instanceof RegExp ? p.pattern.source : p.pattern;
      const flags = p.pattern instanceof RegExp ? p.pattern.flags.replace(/[gyd]/g, '') : '';
      if (typeof source !== 'string' || source === '') throw new TypeError('empty pattern');
      re = new RegExp(source, `${flags}g${group > 0 ? 'd' : ''}`);
    } catch (cause) {
      throw new ScrubbingConfigError({
        code: 'INVALID_PATTERN',
        option: `${option}.pattern`,
        message: `is not a valid regular expression (${cause instanceof Error ? cause.message : String(cause)}); pass a RegExp or a RegExp source string`,
        cause,
      });
    }
    if (p.method !== undefined) assertMethod(p.method, `${option}.method`);
    const method = p.method ?? 'replace';
    usesHash ||= method === 'hash';
    rules.push({ name: 'custom', redact: makeRedact(method, p.replacement ?? `[${p.id}]`, hashKey), re, group });
  }

  const keyMethod = options.method ?? 'replace';
  assertMethod(keyMethod, 'method');
  const replacement = options.replacement ?? '[Filtered]';
  if (typeof replacement !== 'string') invalid('replacement', 'must be a string');
  usesHash ||= keyMethod === 'hash';
  // Fail at configuration time, not on the first event, if hashing cannot work here.
  if (usesHash) hashKey();
  const keyRedact = keyMethod === 'remove' ? (): typeof REMOVED => REMOVED : makeRedact(keyMethod, replacement, hashKey);

  return {
    rules,
    isSensitiveKey,
    keyRedact,
    paths: (options.paths ?? []).map((p, i) => parseSelector(p, `paths[${i}]`)),
    safePaths: (options.safePaths ?? []).map((p, i) => parseSelector(p, `safePaths[${i}]`)),
    maxStringLength: positive(options.maxStringLength, 32768, 'maxStringLength'),
    maxTotalLength: positive(options.maxTotalLength, 1_000_000, 'maxTotalLength'),
    maxDepth: positive(options.maxDepth, 24, 'maxDepth'),
    hasCustom: (options.patterns ?? []).length > 0,
  };
}
