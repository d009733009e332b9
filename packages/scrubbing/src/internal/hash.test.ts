import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256, keyedHashHex, sha256 } from './hash';

describe('sha256 / hmacSha256 (pure JS) agree with node:crypto', () => {
  it('on RFC 4231 test case 2 and random inputs of many lengths', () => {
    const mac = hmacSha256(new TextEncoder().encode('Jefe'), new TextEncoder().encode('what do ya want for nothing?'));
    expect(Buffer.from(mac).toString('hex')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 200, 1000]) {
      const data = randomBytes(length);
      const key = randomBytes(length % 3 === 0 ? 100 : 32);
      expect(Buffer.from(sha256(data)).toString('hex')).toBe(createHash('sha256').update(data).digest('hex'));
      expect(Buffer.from(hmacSha256(key, data)).toString('hex')).toBe(createHmac('sha256', key).update(data).digest('hex'));
    }
  });
  it('keyedHashHex is the uppercase prefix of the HMAC over UTF-8', () => {
    const key = randomBytes(32);
    expect(keyedHashHex(key, 'jäne ☃')).toBe(createHmac('sha256', key).update('jäne ☃', 'utf8').digest('hex').slice(0, 32).toUpperCase());
  });
});
