import { gunzipSync, inflateRawSync } from 'node:zlib';
import { splitEnvelope } from './envelope';

// Event JSON is stored as text, or (the common case: an envelope that is one event, sent
// gzipped, with its own id) as the gzipped envelope exactly as it arrived: half the size of the
// JSON and no compression work at ingest. Compressing the JSON ourselves (deflate level 1) was
// measured: it cost more CPU per event than parsing. Readers also accept raw-deflated BLOBs.

const GZIP = [0x1f, 0x8b];

/** Stored payload back to the event's JSON text. */
export function decodePayload(value: string | Buffer): string {
  if (typeof value === 'string') return value;
  if (value[0] !== GZIP[0] || value[1] !== GZIP[1]) return inflateRawSync(value).toString('utf8');
  const [, items] = splitEnvelope(gunzipSync(value));
  for (const [header, payload, text] of items) {
    const type = (header as { type?: unknown } | null)?.type;
    if (type !== 'event' && type !== 'transaction') continue;
    if (text !== undefined) return text;
    if (payload instanceof Uint8Array) return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
  }
  throw new Error('stored envelope holds no event item');
}
