import type { FingerprintRule } from './types';

// The platform rules as rule objects, exactly what `parseRules(BUILTIN_RULES_TEXT)` returns plus
// `builtin: true` (builtins.test.ts checks it). Shipping them pre-compiled keeps the rule parser
// out of browser bundles that only need the integration and the built-ins.
const byCategory = (line: number, category: string, fingerprint: string[]): FingerprintRule => ({
  matchers: [{ key: 'tags.error.category', pattern: category, negated: false }],
  fingerprint,
  attributes: {},
  text: `tags.error.category:"${category}" -> "${fingerprint.join('')}"`,
  line,
  builtin: true,
});

/**
 * The platform's three grouping rules, pre-compiled ({@link BUILTIN_RULES_TEXT} is their text):
 * export errors, database connection errors, validation errors. Each is marked `builtin: true`.
 */
export const builtinRules: readonly FingerprintRule[] = /* @__PURE__ */ Object.freeze([
  byCategory(2, 'export', ['export-error', '{{ error.type }}']),
  byCategory(3, 'database-connection', ['database-connection-error', '{{ tags.db.system }}', '{{ error.type }}']),
  byCategory(4, 'validation', ['validation-error', '{{ tags.error.endpoint }}']),
]);
