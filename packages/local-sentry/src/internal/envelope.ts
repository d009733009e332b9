// Envelope framing, read the way `@sentry/core`'s `parseEnvelope` reads it (same rules: a JSON
// header line, then per item a JSON header line and either `length` bytes or one JSON line), but
// keeping each JSON payload's text. Ingest stores an event's JSON as it arrived, so it need not
// serialise a parsed event again (profiled: re-serialising a 20 KB event cost as much as parsing
// it), and Buffer#toString decodes without the copy TextDecoder makes of a subarray.

/** One item: its header, its payload (parsed JSON, or the bytes when the header has a `length`), and the JSON text. */
export type RawItem = [header: unknown, payload: unknown, text: string | undefined];

const NEWLINE = 10;

/** Splits an envelope into its header and items; throws what `JSON.parse` throws on a bad line. */
export function splitEnvelope(raw: Buffer): [header: unknown, items: RawItem[]] {
  let pos = 0;
  const end = raw.length;
  const readText = (): string => {
    let i = raw.indexOf(NEWLINE, pos);
    if (i < 0) i = end;
    const text = raw.toString('utf8', pos, i);
    pos = i + 1;
    // TextDecoder (used by parseEnvelope) drops a byte-order mark; so do we.
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  };
  const header: unknown = JSON.parse(readText());
  const items: RawItem[] = [];
  while (pos < end) {
    const itemHeader: unknown = JSON.parse(readText());
    const length = (itemHeader as { length?: unknown } | null)?.length;
    // parseEnvelope treats a length of 0 like a missing one (the payload is then a JSON line).
    if (typeof length === 'number' && length !== 0) {
      items.push([itemHeader, raw.subarray(pos, pos + length), undefined]);
      pos += length + 1;
      continue;
    }
    const text = readText();
    items.push([itemHeader, JSON.parse(text), text]);
  }
  return [header, items];
}
