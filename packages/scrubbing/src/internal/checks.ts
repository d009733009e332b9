// Checksums and range checks that turn "looks like a card / SSN / IBAN" into "is one", so that
// order numbers, timestamps and random digit runs survive scrubbing. Shared by both engines.

/** Luhn (mod 10) over a string of ASCII digits. */
export function luhnValid(digits: string): boolean {
  // Every second digit from the right is doubled; '0246813579'[d] is the digit sum of 2d.
  return [...digits].reverse().reduce((sum, c, i) => sum + Number(i % 2 ? '0246813579'[Number(c)] : c), 0) % 10 === 0;
}

/**
 * Issuer prefixes (IIN) of the major brands and the lengths each issues: `<first>-<last>/<lengths>`,
 * where the prefix has as many digits as its bounds and `16+` means at least 16. Sources: the
 * brands' published IIN ranges. Visa; Mastercard 51-55 and 2221-2720; Mir; Amex; Diners; JCB;
 * Discover; UnionPay and RuPay (60, 62, 81, 82); Maestro's issued IINs (the old "50, 56-69"
 * block is far wider than what is in use). The ranges do not overlap.
 */
const BRANDS = (
  '4/13,16,19 51-55/16 2221-2720/16 2200-2204/16+ 34/15 37/15 300-305/14+ 36/14+ 38-39/14+ 3528-3589/16+ 6011/16+ 65/16+ ' +
  '644-649/16+ 622126-622925/16+ 60/16+ 62/16+ 81-82/16+ 5018/12+ 5020/12+ 5038/12+ 5893/12+ 6304/12+ 6759/12+ 6761-6763/12+'
)
  .split(' ')
  .map((entry) => {
    const [range, lengths] = entry.split('/') as [string, string];
    const [first, last = first] = range.split('-') as [string, string?];
    return { digits: first.length, first: Number(first), last: Number(last), lengths };
  });

/** Whether the digits start with an issuer prefix of a major brand and have a length that brand issues. */
export function cardBrandValid(digits: string): boolean {
  return cardBrandValidPrefix(Number(digits.slice(0, 6)), digits.length);
}

/** {@link cardBrandValid} from the first six digits as a number and the digit count. */
export function cardBrandValidPrefix(p6: number, n: number): boolean {
  const brand = BRANDS.find((b) => {
    const prefix = Math.floor(p6 / 10 ** (6 - b.digits));
    return prefix >= b.first && prefix <= b.last;
  });
  return !!brand && (brand.lengths.endsWith('+') ? n >= parseInt(brand.lengths) : brand.lengths.split(',').includes(String(n)));
}

/**
 * A US SSN that the SSA can issue: area not 000, 666 or 900-999, group not 00, serial not 0000.
 */
export function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a !== 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000';
}

/** IBAN length per country (ISO 13616 registry): country code + length, four characters per country. */
const IBAN_TABLE =
  'AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24DE22DJ27DK18DO28EE20EG29ES24FI18FK18FO18FR27GB22GE22GI23GL18GR27GT28HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28' +
  'LC32LI21LT20LU20LV21LY25MC27MD24ME22MK19MN20MR27MT31MU30NI28NL18NO15OM23PK24PL28PS29PT25QA29RO24RS22RU33SA24SC31SD18SE24SI19SK24SM27SO23ST25SV28TL23TN24TR26UA29VA22VG24XK20YE30';

/** Expected length of an IBAN from `country`, or 0 for an unknown country code. */
export function ibanLength(country: string): number {
  for (let i = 0; i < IBAN_TABLE.length; i += 4) {
    if (IBAN_TABLE.startsWith(country, i)) return Number(IBAN_TABLE.slice(i + 2, i + 4));
  }
  return 0;
}

/** ISO 7064 mod 97-10 over a compact, uppercase IBAN (letters count as 10-35, two digits). */
export function ibanValid(compact: string): boolean {
  return /^[\dA-Z]+$/.test(compact) && [...compact.slice(4) + compact.slice(0, 4)].reduce((r, c) => (r * (c > '9' ? 100 : 10) + parseInt(c, 36)) % 97, 0) === 1;
}

/** An IPv6 candidate (hex groups and colons, optional `%zone`) that is a well-formed address. */
export function ipv6Valid(candidate: string): boolean {
  const address = candidate.split('%')[0]!;
  const halves = address.split('::').length;
  const groups = address.split(':').filter(Boolean).length;
  if (address.includes(':::') || halves > 2) return false;
  // Without `::`, eight groups; with it, 1-7 groups and no single ':' at either end.
  return halves < 2 ? address.split(':').length === 8 && groups === 8 : !/^:[^:]|[^:]:$/.test(address) && groups > 0 && groups < 8;
}
