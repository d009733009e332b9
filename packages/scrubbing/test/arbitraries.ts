// fast-check generators: benign, realistic event-like values (which must pass through untouched)
// and real-shaped secrets (which must never survive).
import fc from 'fast-check';
import { withLuhn } from './secrets';

const WORDS = [
  'order', 'shipped', 'payment', 'declined', 'retry', 'queue', 'worker', 'started', 'finished', 'timeout', 'user',
  'cart', 'checkout', 'invoice', 'refund', 'region', 'eu-west-1', 'GET', 'POST', '/v1/orders', 'status', 'ok',
  'failed', 'in', 'for', 'with', 'the', 'a', 'of', 'request', 'response', 'cache', 'miss', 'hit', 'ms', 'EUR',
  'v2.3.1', 'build', 'job', 'tenant', 'acme', 'feature', 'flag', 'enabled', 'disabled', 'SELECT id FROM orders',
];
const KEYS = ['name', 'status', 'count', 'note', 'items', 'meta', 'value', 'city', 'sku', 'kind', 'message', 'detail', 'route', 'step', 'label'];

const hexChars = (n: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
const alnumChars = (min: number, max = min): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'), minLength: min, maxLength: max });

/** Benign tokens that look number- or id-like but are not secrets. */
const benignToken: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.integer({ min: 0, max: 99_999 }).map(String),
  fc.uuid(),
  hexChars(40), // git SHA
  fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30)).map(([a, b, c]) => `${a}.${b}.${c}`), // versions
  fc.tuple(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9999 })).map(([a, b]) => `+1 ${a} 555 ${String(b).padStart(4, '0')}`),
);

/** Benign text: a few benign tokens joined by spaces. */
export const benignText: fc.Arbitrary<string> = fc.array(benignToken, { minLength: 1, maxLength: 8 }).map((ws) => ws.join(' '));

/** A benign JSON-like value, a few levels deep. */
export const benignValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    benignText,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** A benign, realistic Sentry-like event. */
export const benignEvent: fc.Arbitrary<Record<string, unknown>> = fc.record({
  event_id: hexChars(32),
  message: benignText,
  tags: fc.dictionary(fc.constantFrom(...KEYS), benignText, { maxKeys: 4 }),
  extra: fc.dictionary(fc.constantFrom(...KEYS), benignValue, { maxKeys: 5 }),
  contexts: fc.record({ order: fc.dictionary(fc.constantFrom(...KEYS), benignValue, { maxKeys: 4 }) }),
  breadcrumbs: fc.array(fc.record({ category: fc.constantFrom('http', 'console', 'db.query'), message: benignText, data: fc.dictionary(fc.constantFrom(...KEYS), benignValue, { maxKeys: 3 }) }), { maxLength: 5 }),
  exception: fc.record({ values: fc.array(fc.record({ type: fc.constantFrom('Error', 'TypeError', 'PaymentError'), value: benignText }), { minLength: 1, maxLength: 2 }) }),
});

/** A planted secret: the text to plant and the part that must not survive. */
export interface Planted {
  text: string;
  needle: string;
}

const CARD_PREFIXES = ['4', '51', '55', '2221', '2720', '34', '37', '6011', '65', '3528', '62'];
const card = fc
  .tuple(fc.constantFrom(...CARD_PREFIXES), fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 20, maxLength: 20 }), fc.constantFrom('', ' ', '-'))
  .map(([prefix, rest, sep]) => {
    const length = prefix === '34' || prefix === '37' ? 15 : 16;
    const number = withLuhn((prefix + rest).slice(0, length - 1));
    const formatted = sep ? number.replace(/(\d{4})(?=\d)/g, `$1${sep}`) : number;
    return { text: formatted, needle: formatted };
  });
const ssn = fc
  .tuple(fc.integer({ min: 1, max: 899 }).filter((a) => a !== 666), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9999 }))
  .map(([a, g, s]) => {
    const t = `${String(a).padStart(3, '0')}-${String(g).padStart(2, '0')}-${String(s).padStart(4, '0')}`;
    return { text: t, needle: t };
  });
const secretWord = alnumChars(12).map((s) => `Zq${s}`);
const awsKey = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'), minLength: 16, maxLength: 16 }).map((s) => ({ text: `AKIA${s}`, needle: `AKIA${s}` }));
const github = alnumChars(36).map((s) => ({ text: `gh${'p'}_${s}`, needle: s }));
const stripe = alnumChars(24).map((s) => ({ text: `sk_${'live'}_${s}`, needle: s }));
const jwtArb = fc.tuple(alnumChars(20, 40), alnumChars(20, 40), alnumChars(30)).map(([a, b, c]) => {
  const t = `eyJ${a}.eyJ${b}.${c}`;
  return { text: t, needle: t };
});
const kv = fc.tuple(fc.constantFrom('password', 'api_key', 'clientSecret', 'access_token', 'db_pwd', 'x-auth-token'), secretWord, fc.constantFrom('=', ': ', '":"', ' = \''))
  .map(([k, v, sep]) => ({ text: `${k}${sep}${v}`, needle: v }));
const urlCreds = secretWord.map((pw) => ({ text: `postgres://app:${pw}@db.internal:5432/main`, needle: pw }));
const bearer = alnumChars(32).map((t) => ({ text: `Bearer ${t}`, needle: t }));
const email = fc.tuple(alnumChars(4, 10), fc.constantFrom('example.com', 'mail.acme.io', 'corp.example.org')).map(([u, d]) => ({ text: `${u.toLowerCase()}.x@${d}`, needle: `${u.toLowerCase()}.x@${d}` }));
const ip = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 })).map((p) => ({ text: p.join('.'), needle: p.join('.') }));
const iban = fc.constantFrom('DE89370400440532013000', 'GB82WEST12345698765432', 'FR1420041010050500013M02606', 'NL91ABNA0417164300').map((t) => ({ text: t, needle: t }));
const pem = alnumChars(64).map((b) => ({ text: `-----BEGIN PRIVATE KEY-----\n${b}\n-----END PRIVATE KEY-----`, needle: b }));

export const plantedSecret: fc.Arbitrary<Planted> = fc.oneof(card, ssn, awsKey, github, stripe, jwtArb, kv, urlCreds, bearer, email, ip, iban, pem);

/** Plant `secret` inside `text` at a word boundary. */
export function plantInText(text: string, secret: string, at: number): string {
  const words = text.split(' ');
  const i = at % (words.length + 1);
  words.splice(i, 0, secret);
  return words.join(' ');
}
