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
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  switch (digits.charCodeAt(0) - 48) {
    case 4: // Visa
      return n === 13 || n === 16 || n === 19;
    case 5:
      if (p2 >= 51 && p2 <= 55) return n === 16; // Mastercard
      return n >= 12 && (p2 === 50 || p2 >= 56); // Maestro (50, 56-59)
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
      return n >= 12 && (p2 === 63 || p2 === 67 || p2 === 68 || p2 === 69); // Maestro
    case 8:
      return (p2 === 81 || p2 === 82) && n >= 16; // RuPay
    default:
      return false;
  }
}

/**
 * A US SSN that the SSA can issue: area not 000, 666 or 900-999, group not 00, serial not 0000.
 */
export function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a !== 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000';
}

/** IBAN length per country (ISO 13616 registry). */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21,
  CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18,
  FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26,
  IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24,
  ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29,
  PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23,
  ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/** Expected length of an IBAN from `country`, or 0 for an unknown country code. */
export function ibanLength(country: string): number {
  return IBAN_LENGTHS[country] ?? 0;
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
