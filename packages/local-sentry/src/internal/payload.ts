import { inflateRawSync } from 'node:zlib';

// Event JSON is stored as text. Compressing it (deflate level 1) was measured: it made the file
// 2-4x smaller but cost more CPU per event than parsing, and ingest on a 2-core machine is bound
// by CPU, not by the disk. Readers still accept deflated BLOBs so the format can change back.

/** Stored payload back to JSON text (plain text, or a raw-deflated BLOB). */
export function decodePayload(value: string | Buffer): string {
  return typeof value === 'string' ? value : inflateRawSync(value).toString('utf8');
}
