// pino-style path selectors (`request.headers.x-internal`, `extra.*.token`, `a[0].b`,
// `contexts["my.ctx"].id`), plus `**` for any depth. Keys compare case-insensitively because HTTP
// header names arrive in any case.

import { ScrubbingConfigError } from '../errors';

/** A parsed selector: lowercase segments; `*` is one level, `**` any number of levels. */
export type Selector = readonly string[];

/** Parse one selector, or throw a `ScrubbingConfigError` naming `option`. */
export function parseSelector(text: string, option: string): Selector {
  const fail = (why: string): never => {
    throw new ScrubbingConfigError({
      code: 'INVALID_SELECTOR',
      option,
      message: `${why} in selector ${JSON.stringify(text)}. Use dots and brackets, e.g. "request.headers.x-internal", "extra.*.token" or 'contexts["my.ctx"].id'.`,
    });
  };
  if (typeof text !== 'string' || text.trim() === '') fail('empty selector');
  const segments: string[] = [];
  let i = 0;
  let current = '';
  let expectSegment = true;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '.') {
      if (expectSegment) fail(`empty segment at position ${i}`);
      segments.push(current);
      current = '';
      expectSegment = true;
      i++;
    } else if (c === '[') {
      if (!expectSegment || current !== '') {
        if (current !== '') segments.push(current);
        current = '';
      }
      const close = text.indexOf(']', i);
      if (close < 0) fail(`unclosed "[" at position ${i}`);
      let inner = text.slice(i + 1, close).trim();
      if ((inner.startsWith('"') && inner.endsWith('"')) || (inner.startsWith("'") && inner.endsWith("'"))) {
        inner = inner.slice(1, -1);
      } else if (inner !== '*' && !/^\d+$/.test(inner)) {
        fail(`bracket segment must be a quoted key, a number or *, got [${inner}]`);
      }
      segments.push(inner);
      i = close + 1;
      expectSegment = false;
      if (text[i] === '.') {
        i++;
        expectSegment = true;
      }
    } else {
      current += c;
      expectSegment = false;
      i++;
    }
  }
  if (current !== '') segments.push(current);
  else if (expectSegment) fail('selector ends with "."');
  return segments.map((s) => s.toLowerCase());
}

/** Whether `path` (lowercase keys) is matched exactly by `selector`. */
export function matchesSelector(selector: Selector, path: readonly string[]): boolean {
  return matchFrom({ sel: selector, path }, 0, 0);
}

function matchFrom(m: { sel: Selector; path: readonly string[] }, from: number, at: number): boolean {
  const { sel, path } = m;
  let si = from;
  let pi = at;
  while (si < sel.length) {
    const seg = sel[si]!;
    if (seg === '**') {
      // Bounded by path depth (itself capped by maxDepth), so this stays small.
      for (let skip = pi; skip <= path.length; skip++) {
        if (matchFrom(m, si + 1, skip)) return true;
      }
      return false;
    }
    if (pi >= path.length) return false;
    if (seg !== '*' && seg !== path[pi]) return false;
    si++;
    pi++;
  }
  return pi === path.length;
}
