import { ScrubbingConfigError } from '../errors';

// A small synchronous SHA-256 / HMAC-SHA256. WebCrypto's `subtle.sign` is async and Sentry's
// hooks are synchronous, and `node:crypto` is not available in browsers, hence our own.

// Round constants and initial hash values are the fractional parts of the cube and square roots
// of the first primes (FIPS 180-4 §4.2.2, §5.3.3); computing them keeps 600 bytes out of bundles.
const PRIMES: number[] = [];
for (let n = 2; PRIMES.length < 64; n++) if (PRIMES.every((p) => n % p !== 0)) PRIMES.push(n);
const frac32 = (x: number): number => ((x - Math.floor(x)) * 0x100000000) >>> 0;
const K = PRIMES.map((p) => frac32(Math.cbrt(p)));
const H0 = new Uint32Array(PRIMES.slice(0, 8).map((p) => frac32(Math.sqrt(p))));

const rotate = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** SHA-256 of `data` (messages under 512 MB). */
export function sha256(data: Uint8Array): Uint8Array {
  const n = data.length;
  const padded = new Uint8Array(((n + 72) >> 6) << 6);
  padded.set(data);
  padded[n] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 4, n * 8);
  const h = H0.slice();
  const w: number[] = [];
  for (let offset = 0; offset < padded.length; offset += 64) {
    let [a, b, c, d, e, f, g, k] = h as unknown as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      w[i] =
        i < 16
          ? view.getUint32(offset + i * 4)
          : (w[i - 16]! + (rotate(x, 7) ^ rotate(x, 18) ^ (x >>> 3)) + w[i - 7]! + (rotate(y, 17) ^ rotate(y, 19) ^ (y >>> 10))) | 0;
      const t1 = (k + (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const t2 = ((rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    [a, b, c, d, e, f, g, k].forEach((x, i) => (h[i] = (h[i]! + x) | 0));
  }
  h.forEach((x, i) => view.setUint32(i * 4, x));
  return padded.slice(0, 32);
}

/** HMAC-SHA256 (RFC 2104) of `message` under `key`. */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? sha256(key) : key);
  const pad = (x: number, tail: Uint8Array): Uint8Array => {
    const out = new Uint8Array(64 + tail.length);
    out.set(tail, 64);
    for (let i = 0; i < 64; i++) out[i] = block[i]! ^ x;
    return out;
  };
  return sha256(pad(0x5c, sha256(pad(0x36, message))));
}

const encoder = new TextEncoder();

/** Uppercase hex of the first `bytes` bytes of HMAC-SHA256(key, utf8(text)). */
export function keyedHashHex(key: Uint8Array, text: string, bytes = 16): string {
  return [...hmacSha256(key, encoder.encode(text)).slice(0, bytes)].map((b) => (b + 256).toString(16).slice(1)).join('').toUpperCase();
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
      message: 'hash needs a key and globalThis.crypto.getRandomValues is missing; pass hashKey (>= 16 random bytes)',
    });
  }
  return (processKey ??= cryptoObject!.getRandomValues!(new Uint8Array(32)));
}
