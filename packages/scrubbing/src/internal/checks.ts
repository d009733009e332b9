// Checksums and range checks that turn "looks like a card / SSN / IBAN" into "is one", so that
// order numbers, timestamps and random digit runs survive scrubbing.

/** Luhn (mod 10) over a string of ASCII digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Whether the digits start with an issuer prefix (IIN) of a major brand and have a length that
 * brand issues. Sources: the brands' published IIN ranges (Visa, Mastercard incl. 2221-2720,
 * Amex, Discover, Diners, JCB, UnionPay, Maestro, Mir, RuPay).
 */
export function cardBrandValid(digits: string): boolean {
  return cardBrandValidPrefix(Number(digits.slice(0, 6)), digits.length);
}

/** {@link cardBrandValid} from the first six digits as a number and the digit count. */
export function cardBrandValidPrefix(p6: number, n: number): boolean {
  const p2 = Math.floor(p6 / 10000);
  const p3 = Math.floor(p6 / 1000);
  const p4 = Math.floor(p6 / 100);
  switch (Math.floor(p6 / 100000)) {
    case 4: // Visa
      return n === 13 || n === 16 || n === 19;
    case 5:
      if (p2 >= 51 && p2 <= 55) return n === 16; // Mastercard
      return isMaestro(p4) && n >= 12;
    case 2:
      if (p4 >= 2221 && p4 <= 2720) return n === 16; // Mastercard 2-series
      if (p4 >= 2200 && p4 <= 2204) return n >= 16; // Mir
      return false;
    case 3:
      if (p2 === 34 || p2 === 37) return n === 15; // Amex
      if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return n >= 14; // Diners
      if (p4 >= 3528 && p4 <= 3589) return n >= 16; // JCB
      return false;
    case 6:
      if (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) return n >= 16; // Discover
      if (p2 === 62 || p2 === 60) return n >= 16; // UnionPay, RuPay
      return isMaestro(p4) && n >= 12;
    case 8:
      return (p2 === 81 || p2 === 82) && n >= 16; // RuPay
    default:
      return false;
  }
}

/** Maestro's issued IINs (the old "50, 56-69" block is far wider than what is in use). */
function isMaestro(p4: number): boolean {
  return p4 === 5018 || p4 === 5020 || p4 === 5038 || p4 === 5893 || p4 === 6304 || p4 === 6759 || (p4 >= 6761 && p4 <= 6763);
}

/**
 * A US SSN that the SSA can issue: area not 000, 666 or 900-999, group not 00, serial not 0000.
 */
export function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a !== 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000';
}

/** IBAN length per country (ISO 13616 registry). */
// Country code + length, four characters per country.
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

/** ISO 7064 mod 97-10 over a compact, uppercase IBAN. */
export function ibanValid(compact: string): boolean {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      remainder = (remainder * 10 + (c - 48)) % 97;
    } else if (c >= 65 && c <= 90) {
      remainder = (remainder * 100 + (c - 55)) % 97;
    } else {
      return false;
    }
  }
  return remainder === 1;
}

/** An IPv6 candidate (hex groups and colons, optional `%zone`) that is a well-formed address. */
export function ipv6Valid(candidate: string): boolean {
  const zone = candidate.indexOf('%');
  const addr = zone >= 0 ? candidate.slice(0, zone) : candidate;
  if (addr.includes(':::')) return false;
  const double = addr.indexOf('::');
  if (double !== addr.lastIndexOf('::')) return false;
  const parts = addr.split(':');
  let groups = 0;
  for (const p of parts) if (p.length > 0) groups++;
  if (double < 0) return parts.length === 8 && groups === 8;
  if (addr.startsWith(':') && !addr.startsWith('::')) return false;
  if (addr.endsWith(':') && !addr.endsWith('::')) return false;
  return groups >= 1 && groups <= 7;
}
