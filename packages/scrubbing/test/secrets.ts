// Real-shaped secrets for tests, assembled at run time (so the repository itself holds no
// string that secret scanners would flag) and checked for validity where a checksum exists.

/** Append the Luhn check digit to a digit string. */
export function withLuhn(partial: string): string {
  let sum = 0;
  let double = true;
  for (let i = partial.length - 1; i >= 0; i--) {
    let d = partial.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return partial + String((10 - (sum % 10)) % 10);
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Deterministic "random" characters from an alphabet (seeded, so failures reproduce). */
export function chars(alphabet: string, length: number, seed = 7): string {
  let x = seed >>> 0 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += alphabet[(x >>> 0) % alphabet.length];
  }
  return out;
}

export const alnum = (n: number, seed?: number): string => chars(ALNUM, n, seed);
export const hex = (n: number, seed?: number): string => chars('0123456789abcdef', n, seed);

const b64url = (s: string): string => Buffer.from(s).toString('base64url');

/** A JWT with a real header and payload and a random signature. */
export function jwt(seed = 3): string {
  return [b64url('{"alg":"HS256","typ":"JWT"}'), b64url(`{"sub":"u_${seed}","iat":1732848000}`), chars(`${ALNUM}-_`, 43, seed)].join('.');
}

/** One secret of each family: the exact text planted, by name. */
export const SECRETS = {
  visa: withLuhn('424242424242424'),
  mastercard2: withLuhn('222100000000000'),
  amex: withLuhn('37828224631000'),
  ssn: '219-09-9999',
  iban: 'DE89370400440532013000',
  jwt: jwt(),
  aws: `AKIA${chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 11)}`,
  github: `gh${'p'}_${alnum(36, 12)}`,
  stripe: `sk_${'live'}_${alnum(24, 13)}`,
  openai: `sk-${'proj'}-${alnum(48, 14)}`,
  slack: `xox${'b'}-123456789012-1234567890123-${alnum(24, 15)}`,
  password: 'hunter2-Sup3r!x',
  urlPassword: 'S3cr3tPassw0rd',
  email: 'jane.doe@example.com',
  ip: '203.0.113.42',
  pemBody: `MIIEvQIBADANBgkqhkiG9w0BAQEFAASC${alnum(60, 16)}`,
} as const;
