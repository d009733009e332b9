import { ScrubbingConfigError } from '../errors';

// A small synchronous SHA-256 / HMAC-SHA256. WebCrypto's `subtle.sign` is async and Sentry's
// hooks are synchronous, and `node:crypto` is not available in browsers, hence our own.

// Round constants and initial hash values are the fractional parts of the cube and square roots
// of the first primes (FIPS 180-4 §4.2.2, §5.3.3); computing them keeps 600 bytes out of bundles.
const PRIMES: number[] = [];
for (let n = 2; PRIMES.length < 64; n++) if (PRIMES.every((p) => n % p !== 0)) PRIMES.push(n);
const frac32 = (x: number): number => ((x - Math.floor(x)) * 0x100000000) >>> 0;
const K = new Uint32Array(PRIMES.map((p) => frac32(Math.cbrt(p))));
const H0 = PRIMES.slice(0, 8).map((p) => frac32(Math.sqrt(p)));

/** SHA-256 of `data`. */
export function sha256(data: Uint8Array): Uint8Array {
  const bitLength = data.length * 8;
  const padded = new Uint8Array(((data.length + 9 + 63) >> 6) << 6);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = new Uint32Array(H0);
  const w = new Uint32Array(64);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let [a, b, c, d, e, f, g, hh] = h as unknown as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (h[0]! + a) | 0;
    h[1] = (h[1]! + b) | 0;
    h[2] = (h[2]! + c) | 0;
    h[3] = (h[3]! + d) | 0;
    h[4] = (h[4]! + e) | 0;
    h[5] = (h[5]! + f) | 0;
    h[6] = (h[6]! + g) | 0;
    h[7] = (h[7]! + hh) | 0;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setUint32(i * 4, h[i]!);
  return out;
}

/** HMAC-SHA256 (RFC 2104) of `message` under `key`. */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? sha256(key) : key);
  const inner = new Uint8Array(64 + message.length);
  const outer = new Uint8Array(64 + 32);
  for (let i = 0; i < 64; i++) {
    inner[i] = block[i]! ^ 0x36;
    outer[i] = block[i]! ^ 0x5c;
  }
  inner.set(message, 64);
  outer.set(sha256(inner), 64);
  return sha256(outer);
}

const encoder = new TextEncoder();

/** Uppercase hex of the first `bytes` bytes of HMAC-SHA256(key, utf8(text)). */
export function keyedHashHex(key: Uint8Array, text: string, bytes = 16): string {
  const mac = hmacSha256(key, encoder.encode(text));
  let hex = '';
  for (let i = 0; i < bytes; i++) hex += mac[i]!.toString(16).padStart(2, '0');
  return hex.toUpperCase();
}

/** Bytes of a caller-given key (UTF-8 for strings). */
export function keyBytes(key: string | Uint8Array): Uint8Array {
  return typeof key === 'string' ? encoder.encode(key) : key;
}

let processKey: Uint8Array | undefined;

/**
 * The key `hash` uses without a `hashKey` option: 32 random bytes drawn once per process (shared
 * by both engines, so they hash alike).
 * @throws {ScrubbingConfigError} HASH_KEY_UNAVAILABLE when `globalThis.crypto.getRandomValues` is missing
 */
export function processHashKey(): Uint8Array {
  const cryptoObject = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (!processKey && !cryptoObject?.getRandomValues) {
    throw new ScrubbingConfigError({
      code: 'HASH_KEY_UNAVAILABLE',
      option: 'hashKey',
      message: 'globalThis.crypto.getRandomValues is missing, so no key can be drawn for hash. Pass hashKey (>= 16 bytes) or use another method.',
    });
  }
  return (processKey ??= cryptoObject!.getRandomValues!(new Uint8Array(32)));
}
