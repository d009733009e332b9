import type { MatcherKey } from '../types';

/** Every key Sentry accepts, mapped to its canonical (stored) form. `tags.*` is handled apart. */
export const MATCHER_KEYS: Readonly<Record<string, MatcherKey>> = {
  'error.type': 'type',
  type: 'type',
  'error.value': 'value',
  value: 'value',
  message: 'message',
  logger: 'logger',
  level: 'level',
  'stack.function': 'function',
  function: 'function',
  'stack.module': 'module',
  module: 'module',
  'stack.abs_path': 'path',
  path: 'path',
  'stack.package': 'package',
  package: 'package',
  app: 'app',
  family: 'family',
  sdk: 'sdk',
  release: 'release',
};

/** Resolves a key as written (alias or canonical) or returns undefined when Sentry would reject it. */
export function canonicalKey(key: string): MatcherKey | undefined {
  if (key.startsWith('tags.') && key.length > 5) return key as MatcherKey;
  return Object.prototype.hasOwnProperty.call(MATCHER_KEYS, key) ? MATCHER_KEYS[key] : undefined;
}

/** Where a matcher reads from. One item of a group must satisfy every matcher of that group. */
export type MatcherGroup = 'message' | 'log' | 'exception' | 'tags' | 'frame' | 'sdk' | 'family' | 'release';

export function groupOf(key: MatcherKey): MatcherGroup {
  switch (key) {
    case 'type':
    case 'value':
      return 'exception';
    case 'message':
      return 'message';
    case 'logger':
    case 'level':
      return 'log';
    case 'function':
    case 'module':
    case 'path':
    case 'package':
    case 'app':
      return 'frame';
    case 'family':
      return 'family';
    case 'sdk':
      return 'sdk';
    case 'release':
      return 'release';
    default:
      return 'tags';
  }
}

/** `app:` values Sentry reads as booleans (`bool_from_string`). */
export function parseBool(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (v === '1' || v === 'yes' || v === 'true') return true;
  if (v === '0' || v === 'no' || v === 'false') return false;
  return undefined;
}

/** The variables Sentry resolves, with their canonical names. */
export const VARIABLES: Readonly<Record<string, string>> = {
  default: 'default',
  transaction: 'transaction',
  message: 'message',
  raw_message: 'raw_message',
  'error.type': 'type',
  type: 'type',
  'error.value': 'value',
  value: 'value',
  'error.raw_value': 'raw_value',
  raw_value: 'raw_value',
  'stack.function': 'function',
  function: 'function',
  'stack.abs_path': 'abs_path',
  path: 'abs_path',
  'stack.filename': 'filename',
  'stack.module': 'module',
  module: 'module',
  'stack.package': 'package',
  package: 'package',
  level: 'level',
  logger: 'logger',
};

/** `{{ name }}` as a whole part (Sentry's `\{\{\s*(\S+)\s*\}\}` full match). */
export const WHOLE_VARIABLE = /^\{\{\s*(\S+?)\s*\}\}$/;
