/**
 * Sentry's message parameterisation: volatile parts of a message (emails, URLs, hosts, IPs, ids,
 * hashes, dates, durations, numbers, …) become `<name>` placeholders so that messages differing
 * only in those parts group together. Behaviour follows Sentry's `parameterization.py` and its
 * test cases; the regexes are written for JavaScript here.
 */

const TLDS_LOWER =
  'com|net|org|jp|de|uk|fr|br|it|ru|es|me|gov|pl|ca|au|cn|co|in|nl|edu|info|eu|ch|id|at|kr|cz|mx|be|tv|se|tr|tw|al|ua|ir|vn|cl|sk|ly|cc|to|no|fi|us|pt|dk|ar|hu|tk|gr|il|news|ro|my|biz|ie|za|nz|sg|ee|th|io|xyz|pe|bg|hk|rs|lt|link|ph|club|si|site|mobi|by|cat|wiki|la|ga|xxx|cf|hr|ng|jobs|online|kz|ug|gq|ae|is|lv|pro|fm|tips|ms|sa|app';

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const DAY = '(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat)';
const ZONE = '(?:UT|GMT|(?:E|C|M|P)(?:ST|DT)|[A-IK-Z])';
const H = '[0-9a-fA-F]{1,4}';
const DT = '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d';

/** One named pattern, in Sentry's order. The first that matches at a position wins. */
interface Pattern {
  name: string;
  source: string;
}

// Built in a pure function: bundles that never call parameterize (the browser entry's default) drop it.
const PATTERNS: Pattern[] = /* @__PURE__ */ (() => {
  const OCTET = '(?:25[0-5]|(?:2[0-4]|1?[0-9])?[0-9])';
  const IPV4 = `(?:${OCTET}\\.){3}${OCTET}`;
  return [
    { name: 'email', source: "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*" },
    { name: 'url', source: '\\b(?:wss?|https?|ftp)://[^\\s/$.?#].[^\\s]*' },
    { name: 'hostname', source: `\\b(?:[a-zA-Z0-9-]{1,63}\\.)+?(?:${TLDS_LOWER.toUpperCase()}|${TLDS_LOWER})\\b` },
    {
      name: 'ip',
      // IPv6 forms may not touch alphanumerics on either side (so `Option::unwrap()` survives);
      // a CIDR suffix (`fc00::/7`) is part of the address, as in Sentry's newest tests.
      source:
        '(?<![0-9a-zA-Z_])(?:' +
        [
          `(?:${H}:){7}${H}`,
          `(?:${H}:){1,7}:`,
          `(?:${H}:){1,6}:${H}`,
          `(?:${H}:){1,5}(?::${H}){1,2}`,
          `(?:${H}:){1,4}(?::${H}){1,3}`,
          `(?:${H}:){1,3}(?::${H}){1,4}`,
          `(?:${H}:){1,2}(?::${H}){1,5}`,
          `${H}:(?:(?::${H}){1,6})`,
          `:(?:(?::${H}){1,7}|:)`,
          'fe80:(?::[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]+',
          `::(?:ffff(?::0{1,4})?:)?${IPV4}`,
          `(?:${H}:){1,4}:${IPV4}\\b`,
        ].join('|') +
        // Not followed by more address text either, so the longest IPv6 alternative wins.
        ')(?:/\\d{1,3}(?![0-9]))?(?![0-9a-zA-Z]|[:.][0-9a-fA-F])' +
        `|\\b${IPV4}\\b(?:/\\d{1,2}\\b)?`,
    },
    { name: 'traceparent', source: '\\b00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]\\b|\\b1-[0-9a-f]{8}-[0-9a-f]{24}\\b' },
    { name: 'uuid', source: '\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b' },
    { name: 'sha1', source: '\\b[0-9a-fA-F]{40}\\b' },
    { name: 'md5', source: '\\b[0-9a-fA-F]{32}\\b' },
    {
      name: 'date',
      // Every date form starts with a digit, a day or month name, or "datetime.": checking that
      // first keeps the long alternation from being tried at every position.
      source: '(?=[0-9SMTWFJAOND]|datetime\\.)(?:' + [
        // RFC822, RFC1123(Z)
        `${DAY},\\s\\d{1,2}\\s${MONTH}\\s\\d{2,4}\\s\\d{1,2}:\\d{1,2}(?::\\d{1,2})?\\s(?:[-+]\\d{2}[0-5]\\d|${ZONE})`,
        // "Mon Jan 02, 1999", "Jan 18, 2019"
        `(?:${DAY}\\s)?${MONTH}\\s[0-3]\\d,\\s\\d{2,4}`,
        // RFC850
        `(?:Sun|Sunday|Mon|Monday|Tue|Tuesday|Wed|Wednesday|Thu|Thursday|Fri|Friday|Sat|Saturday),\\s\\d{2}-${MONTH}-\\d{2}\\s\\d{2}:\\d{2}:\\d{2}\\s${ZONE}`,
        // RFC3339(Nano)
        '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z?(?:[+-]?\\d{2}:\\d{2})?',
        // JavaScript Date.toString()
        `${DAY}\\s${MONTH}\\s\\d{2}\\s\\d{4}\\s\\d{2}:\\d{2}:\\d{2}\\sGMT[+-]\\d{4}(?:\\s\\([^)]+\\))?`,
        // date-times with an offset or Z (before plain ones, so the offset is not an <int>)
        `${DT}:?[0-5]\\d\\.\\d+(?:[+-][0-2]\\d:?[0-5]\\d|Z)`,
        `${DT}:?[0-5]\\d(?:[+-][0-2]\\d:?[0-5]\\d|Z)`,
        `${DT}(?:[+-][0-2]\\d:?[0-5]\\d|Z)`,
        // plain date-times
        `${DT}:?[0-5]\\d\\.\\d+`,
        `${DT}:?[0-5]\\d`,
        DT,
        // kitchen 12-hour, then 24-hour: strict ranges and no extra digits around them
        '(?<!\\d)(?:[1-9]|1[0-2]):[0-5]\\d(?::[0-5]\\d)?(?![\\d:])(?:\\s?[aApP][Mm])?',
        '(?<!\\d)(?:0?\\d|1\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?(?![\\d:])',
        '\\d{4}-[01]\\d-[0-3]\\d',
        '[0-2]\\d:[0-5]\\d:[0-5]\\d',
        `\\b(?:${DAY}\\s+)?${MONTH}\\s+\\d{1,2}\\s+\\d{2}:\\d{2}:\\d{2}\\s+\\d{4}`,
        `\\b(?:${DAY},\\s+)?(?:0[1-9]|[1-2]?\\d|3[01])\\s+${MONTH}\\s+(?:19\\d{2}|[2-9]\\d{3})\\s+(?:2[0-3]|[0-1]\\d):[0-5]\\d(?::(?:60|[0-5]\\d))?\\s+(?:[-+]\\d{2}[0-5]\\d|${ZONE})`,
        'datetime\\.datetime\\(.*?\\)',
      ].join('|') + ')',
    },
    { name: 'duration', source: '\\b\\d+ms|\\d+(?:\\.\\d+)?s\\b' },
    { name: 'swift_txn_id', source: '\\btx[0-9a-f]{21}-[0-9a-f]{10}\\S*' },
    {
      name: 'hex',
      // 0x-prefixed: any length. Otherwise one case only, and either 4-6 characters with both a
      // digit and a letter, or 8-128 characters; a leading "-" only when it does not join two words.
      source:
        '\\b0[xX][0-9a-fA-F]+\\b|(?:(?<!\\w)-)?\\b(?:' +
        '(?=[a-f]*[0-9])(?=[0-9]*[a-f])[0-9a-f]{4,6}|(?=[A-F]*[0-9])(?=[0-9]*[A-F])[0-9A-F]{4,6}|' +
        '[0-9a-f]{8,128}|[0-9A-F]{8,128})\\b',
    },
    { name: 'git_sha', source: '\\b(?=[a-f]*[0-9])(?=[0-9]*[a-f])[0-9a-f]{7}\\b' },
    { name: 'float', source: '-\\d+\\.\\d+\\b|\\b\\d+\\.\\d+\\b' },
    { name: 'int', source: '(?:\\b|(?<!\\w)-)\\d{1,7}\\b' },
    { name: 'quoted_str', source: `(?<==)(?:'[^']+'|"[^"]+")` },
    { name: 'bool', source: '(?<==)(?:True|true|False|false)' },
  ];
})();

const NAMES = /* @__PURE__ */ PATTERNS.map((p) => p.name);
const SINGLE = /* @__PURE__ */ PATTERNS.map((p) => ({ name: p.name, re: new RegExp(p.source, 'g') }));

// What a message must contain for a pattern to have any chance. A pattern that cannot match
// anywhere in the message never wins a position, so leaving it out of the alternation changes
// nothing but the time spent trying it at every character.
const DIGIT = /[0-9]/;
const HEX_RUN = /[0-9a-fA-F]{7}/;
const NEEDS: Readonly<Record<string, (s: string, digit: boolean) => boolean>> = {
  email: (s) => s.includes('@'),
  url: (s) => s.includes('://'),
  hostname: (s) => s.includes('.'),
  ip: (s) => s.includes(':') || (digit(s) && s.includes('.')),
  traceparent: (s, d) => d && s.includes('-'),
  uuid: (s) => s.includes('-') && HEX_RUN.test(s),
  sha1: (s) => HEX_RUN.test(s),
  md5: (s) => HEX_RUN.test(s),
  date: (s, d) => d,
  duration: (s, d) => d,
  swift_txn_id: (s) => s.includes('tx'),
  hex: (s, d) => d || /[a-fA-F]{8}/.test(s),
  git_sha: (s, d) => d,
  float: (s, d) => d && s.includes('.'),
  int: (s, d) => d,
  quoted_str: (s) => s.includes('='),
  bool: (s) => s.includes('='),
};
function digit(s: string): boolean {
  return DIGIT.test(s);
}

const combinedCache = new Map<number, RegExp>();
function combinedFor(message: string): RegExp {
  const d = DIGIT.test(message);
  let mask = 0;
  for (let i = 0; i < PATTERNS.length; i++) if (NEEDS[PATTERNS[i]!.name]!(message, d)) mask |= 1 << i;
  let re = combinedCache.get(mask);
  if (re === undefined) {
    const parts = PATTERNS.filter((_, i) => (mask & (1 << i)) !== 0).map((p) => `(?<${p.name}>${p.source})`);
    re = new RegExp(parts.length === 0 ? '(?!)' : parts.join('|'), 'g');
    combinedCache.set(mask, re);
  }
  return re;
}
// Cheap pre-check: without a digit, "@", ":", ".", "=" or eight hex letters in a row no pattern
// can match, and most log messages of that kind are returned without running the big regex.
const MAYBE = /[0-9@:.=]|[a-fA-F]{8}/;

/** The placeholder names, in the order Sentry tries them. */
export const PARAMETERIZATION_PATTERNS: readonly string[] = NAMES;

/**
 * Replaces the volatile parts of `message` with `<name>` placeholders, trying Sentry's patterns in
 * Sentry's order (the first pattern that matches at a position wins):
 * `email, url, hostname, ip, traceparent, uuid, sha1, md5, date, duration, swift_txn_id, hex,
 * git_sha, float, int, quoted_str, bool`.
 *
 * ```ts
 * parameterize('connect ECONNREFUSED 10.0.0.12:5432 after 1500ms');
 * // 'connect ECONNREFUSED <ip>:<int> after <duration>'
 * ```
 */
export function parameterize(message: string): string {
  if (typeof message !== 'string' || !MAYBE.test(message)) return message;
  let rejectedIp = false;
  const out = message.replace(combinedFor(message), (match: string, ...rest: unknown[]) => {
    const groups = rest[rest.length - 1] as Record<string, string | undefined>;
    for (const name of NAMES) {
      if (groups[name] === undefined) continue;
      if (name === 'ip' && !isValidIp(match)) {
        rejectedIp = true;
        return match;
      }
      return `<${name}>`;
    }
    return match;
  });
  return rejectedIp ? parameterizeEachInTurn(message) : out;
}

// When the ip pattern matched something that is not an address, Sentry reruns every pattern on
// its own, in order, so that later ones (date, int) still get their chance at that text.
function parameterizeEachInTurn(message: string): string {
  let s = message;
  for (const { name, re } of SINGLE) {
    s = s.replace(re, (match) => (name === 'ip' && !isValidIp(match) ? match : `<${name}>`));
  }
  return s;
}

/** Whether `text` (as matched by the ip pattern, maybe with `/prefix` or `%zone`) is a real address. */
export function isValidIp(text: string): boolean {
  let s = text;
  let prefix: number | undefined;
  const slash = s.indexOf('/');
  if (slash !== -1) {
    prefix = Number(s.slice(slash + 1));
    s = s.slice(0, slash);
  }
  if (!s.includes(':')) return isIpv4(s) && (prefix === undefined || prefix <= 32);
  const zone = s.indexOf('%');
  if (zone !== -1) s = s.slice(0, zone);
  return isIpv6(s) && (prefix === undefined || prefix <= 128);
}

function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIpv6(s: string): boolean {
  let groups = s;
  let extra = 0;
  const lastColon = groups.lastIndexOf(':');
  const tail = groups.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIpv4(tail)) return false;
    groups = `${groups.slice(0, lastColon + 1)}0`;
    extra = 1;
  }
  const halves = groups.split('::');
  if (halves.length > 2) return false;
  const parse = (half: string): string[] | undefined => {
    if (half === '') return [];
    const g = half.split(':');
    return g.every((x) => /^[0-9a-fA-F]{1,4}$/.test(x)) ? g : undefined;
  };
  const head = parse(halves[0]!);
  if (head === undefined) return false;
  if (halves.length === 1) return head.length + extra === 8;
  const rest = parse(halves[1]!);
  if (rest === undefined) return false;
  return head.length + rest.length + extra <= 7;
}
