/** One entry of Sentry's `Link` header. */
export interface LinkEntry {
  url: string;
  rel: string;
  /** Sentry's `results="true|false"`: whether following this link returns anything. */
  results: boolean;
  cursor: string | undefined;
}

// `<url>; rel="next"; results="true"; cursor="0:100:0"` entries joined by ", ". URLs never contain `>`.
const ENTRY = /<([^>]*)>((?:\s*;\s*[a-zA-Z]+\s*=\s*"[^"]*")*)/g;
const PARAM = /;\s*([a-zA-Z]+)\s*=\s*"([^"]*)"/g;

/** Parses Sentry's `Link` header. Unknown or malformed parts are ignored, never thrown on. */
export function parseLinkHeader(header: string | null): LinkEntry[] {
  if (!header) return [];
  const entries: LinkEntry[] = [];
  for (const match of header.matchAll(ENTRY)) {
    const params: Record<string, string> = {};
    for (const p of (match[2] ?? '').matchAll(PARAM)) params[p[1]!.toLowerCase()] = p[2]!;
    if (params.rel === undefined) continue;
    entries.push({ url: match[1]!, rel: params.rel, results: params.results === 'true', cursor: params.cursor });
  }
  return entries;
}

/** The cursor of `rel="next"` when Sentry says it has results; otherwise undefined (stop paging). */
export function nextCursor(header: string | null): string | undefined {
  const next = parseLinkHeader(header).find((e) => e.rel === 'next');
  if (!next?.results) return undefined;
  if (next.cursor !== undefined) return next.cursor;
  // Some proxies rewrite the header and drop the cursor attribute; fall back to the URL's query.
  try {
    return new URL(next.url, 'http://x').searchParams.get('cursor') ?? undefined;
  } catch {
    return undefined;
  }
}
