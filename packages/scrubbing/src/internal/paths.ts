// pino-style path selectors (`request.headers.x-internal`, `extra.*.token`, `a[0].b`,
// `contexts["my.ctx"].id`), plus `**` for any depth. Keys compare case-insensitively because HTTP
// header names arrive in any case.

import { ScrubbingConfigError } from '../errors';

/** A parsed selector: lowercase segments; `*` is one level, `**` any number of levels. */
export type Selector = readonly string[];

/** Parse one selector, or throw a `ScrubbingConfigError` naming `option`. */
export function parseSelector(text: string, option: string): Selector {
  const fail = (): never => {
    throw new ScrubbingConfigError({
      code: 'INVALID_SELECTOR',
      option,
      message: `cannot parse selector ${JSON.stringify(text)}; use dots and brackets: "request.headers.x-internal", "extra.*.token", "a[0]", 'contexts["my.ctx"].id'`,
    });
  };
  if (typeof text !== 'string' || text.trim() === '') fail();
  const segments: string[] = [];
  let current = '';
  let expectSegment = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '.') {
      if (expectSegment) fail(); // empty segment
      segments.push(current);
      current = '';
    } else if (c === '[') {
      if (current !== '') segments.push(current);
      current = '';
      const close = text.indexOf(']', i);
      if (close < 0) fail();
      let inner = text.slice(i + 1, close).trim();
      const quote = inner[0];
      // A quoted key, a number or `*`.
      if ((quote === '"' || quote === "'") && inner.endsWith(quote)) inner = inner.slice(1, -1);
      else if (!/^(\*|\d+)$/.test(inner)) fail();
      segments.push(inner);
      i = close;
      // `a[0].b` = `a[0]b`: a dot right after `]` only separates.
      expectSegment = text[i + 1] === '.';
      if (expectSegment) i++;
      continue;
    } else current += c;
    expectSegment = c === '.';
  }
  if (current !== '') segments.push(current);
  else if (expectSegment) fail(); // ends with "."
  return segments.map((s) => s.toLowerCase());
}

/** Whether `path` (lowercase keys) is matched exactly by `selector`. */
export function matchesSelector(selector: Selector, path: readonly string[]): boolean {
  const from = (si: number, pi: number): boolean => {
    for (; si < selector.length; si++, pi++) {
      // `**`: bounded by path depth (itself capped by maxDepth), so this stays small.
      if (selector[si] === '**') {
        for (let skip = pi; skip <= path.length; skip++) if (from(si + 1, skip)) return true;
        return false;
      }
      if (pi >= path.length || (selector[si] !== '*' && selector[si] !== path[pi])) return false;
    }
    return pi === path.length;
  };
  return from(0, 0);
}
