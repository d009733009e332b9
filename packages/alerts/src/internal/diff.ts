/**
 * Dotted paths where `desired` is not contained in `actual`. Only what we set is compared: Sentry
 * echoes extra keys (ids, `name` on each condition, dates), which must not read as drift.
 */
export function subsetDiff(desired: unknown, actual: unknown, path = ''): string[] {
  if (Array.isArray(desired)) {
    if (!Array.isArray(actual) || actual.length !== desired.length) return [path || '(root)'];
    return desired.flatMap((item, i) => subsetDiff(item, actual[i], `${path}[${i}]`));
  }
  if (typeof desired === 'object' && desired !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return [path || '(root)'];
    const a = actual as Record<string, unknown>;
    return Object.entries(desired as Record<string, unknown>).flatMap(([key, value]) =>
      subsetDiff(value, a[key], path ? `${path}.${key}` : key),
    );
  }
  // Ids travel as numbers in some bodies and strings in others; null and a missing key mean the same.
  if ((desired === null || desired === undefined) && (actual === null || actual === undefined)) return [];
  if ((typeof desired === 'number' || typeof desired === 'string') && (typeof actual === 'number' || typeof actual === 'string')) {
    return String(desired) === String(actual) ? [] : [path];
  }
  return desired === actual ? [] : [path];
}

/** Every leaf path of a body, for "create" plans. */
export function leafPaths(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [path] : value.flatMap((v, i) => leafPaths(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    return entries.length === 0 ? [path] : entries.flatMap(([k, v]) => leafPaths(v, path ? `${path}.${k}` : k));
  }
  return [path];
}
