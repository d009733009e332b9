// Regexes and word lists of the value rules that both engines use as they are. Regex literals
// only (no code at module level), so a bundle keeps just the ones it uses. Every regex is linear:
// quantifiers only over disjoint classes or bounded repeats.

/** JSON Web Tokens: `eyJ` (base64 of `{"`), three dot-separated base64url parts. */
export const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;

/** A dashed US SSN candidate (ranges are checked by `ssnValid`). */
export const SSN_DASHED = /(?<!\d-?)(\d{3})-(\d{2})-(\d{4})(?!-?\d)/g;

/** Where an IBAN can start: a two-letter country code and two check digits. */
export const IBAN_START = /(?<![A-Za-z0-9])([A-Z]{2})\d{2}(?=[ ]?[A-Z0-9])/g;

/** A run of digits with spaces/dashes, >= 12 characters: where a card number may be. */
export const DIGIT_RUN = /\d[\d -]{11,}/g;

// Not followed by `-letter`: `11.3.244.8-node.38` is a V8 version, not an address.
/** IPv4 addresses (octets 0-255). */
export const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\d|\.\d|-[A-Za-z0-9])/g;

/** IPv6 candidates (checked by `ipv6Valid`). */
export const IPV6 = /(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%[0-9A-Za-z]{1,16})?(?![\w:]|\.\w)/g;

/** Keys whose `key: value` text runs to the end of the line (`Cookie: a=1; b=2`). */
export const LINE_VALUE_KEY = /[Cc][Oo][Oo][Kk][Ii][Ee]|[Aa][Uu][Tt][Hh][Oo][Rr][Ii][SsZz][Aa][Tt][Ii][Oo][Nn]/;

/** `icon@2x.png` and friends: an "email" whose TLD is a file extension is a file name. */
export const FILE_EXTENSIONS: readonly string[] = 'png jpg jpeg gif svg webp ico js mjs cjs ts css map json html txt md woff woff2 avif'.split(' ');

/** Values that are never secrets, in `key=value` text (any case). */
export const BENIGN_VALUES: readonly string[] = ['true', 'false', 'null', 'undefined', 'none', 'nil'];

/** Values under a sensitive key that are kept: they carry no secret. */
export const BENIGN_STRINGS: readonly string[] = ['', 'true', 'false', 'null', 'undefined'];

/** Top-level event fields the SDK writes itself; never user data. */
export const EVENT_SKIP: readonly string[] = (
  'event_id timestamp start_timestamp platform level release dist environment sdk debug_meta sdkProcessingMetadata type modules measurements received version'
).split(' ');

/**
 * Stack frame fields: code locations, not data. `vars` and source context lines are still scanned,
 * and so are `filename`/`abs_path` when they carry a query string (a browser script loaded from a
 * signed URL, `app.js?token=...`).
 */
export const FRAME_SKIP: readonly string[] = (
  'filename abs_path lineno colno function module in_app platform instruction_addr addr_mode symbol_addr image_addr package symbol raw_function debug_id'
).split(' ');
