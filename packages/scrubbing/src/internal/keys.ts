// Key-name rules. Keys are split into lowercase tokens (camelCase, snake_case, kebab-case, dots,
// spaces) and compared token by token, so `password_hash`, `x-api-key` and `clientSecret` match while
// `keyboard`, `monkey` and `tokenizer_version` do not (substring matching, as in Relay and the SDK,
// would hit `monkey` through `key` and `author` through `auth`).

/**
 * The default sensitive tokens: the union of Relay's defaults (password, secret, passwd, api_key,
 * apikey, auth, credentials, mysql_pwd, privatekey, private_key, token, otp, two_factor, bearer,
 * stripetoken, access_token), the Sentry SDK's denylist (auth, token, secret, session, password,
 * passwd, pwd, jwt, bearer, sso, saml, csrf, xsrf, credentials, sid, identity, set-cookie, cookie,
 * sessid, oidc, pkce, nonce, mfa, 2fa), Rollbar's scrubFields (pw, pass, cvc/cvv/ccv/csc, card number,
 * security code, cardholder, …), Elastic's sanitizeFieldNames (authorization, *token*, *session*,
 * *credit*, *card*) and Bugsnag's (password). A pair of adjacent tokens is also checked joined
 * (`api` + `key` -> `apikey`), which is how multi-word names are listed.
 */
// One space-separated string per list: smaller in bundles than an array literal.
export const DEFAULT_SENSITIVE_TOKENS: readonly string[] = (
  'password passwords passwd pwd pw pass passphrase passcode mysqlpwd secret secrets token accesstoken ' +
  'refreshtoken idtoken authtoken stripetoken apikey privatekey secretkey accesskey signingkey ' +
  'encryptionkey masterkey licensekey accountkey authkey sessionkey sshkey hmackey webhookkey sharedkey ' +
  'consumerkey clientkey signature sig auth authorization authentication credential credentials creds ' +
  'bearer jwt saml samlresponse sso oidc pkce nonce identity otp totp mfa 2fa twofactor session ' +
  'sessionid sessid sid cookie cookies setcookie csrf xsrf csrftoken xsrftoken creditcard cardnumber ' +
  'cardnum ccnum ccnumber ccexp cardholder cvv cvv2 cvc cvc2 ccv ccv2 csc securitycode cardverification ' +
  'pin ssn iban'
).split(' ');

/**
 * When the last token of a key is one of these, the key describes a secret rather than holding one:
 * `token_type`, `password_length`, `session_count`, `auth_method`, `token_expires_at`.
 * A key whose only sensitive token is its last token is never neutralised (`password` stays sensitive).
 */
export const NEUTRAL_LAST_TOKENS: readonly string[] = (
  'count counts type types kind length len size limit limits ttl expires expiry expiration expired ' +
  'timeout duration at max min policy strength rule rules required enabled disabled version provider ' +
  'method methods scheme name url uri endpoint path field fields format algorithm alg status error ' +
  'errors reason usage present exists valid changed updated created used label prefix issuer scope ' +
  'scopes mode source sampled replay'
).split(' ');

/** Split a key into lowercase tokens. */
export function tokenizeKey(key: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  const flush = (end: number): void => {
    if (start >= 0 && end > start) tokens.push(key.slice(start, end).toLowerCase());
    start = -1;
  };
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const upper = c >= 65 && c <= 90;
    const lower = c >= 97 && c <= 122;
    const digit = c >= 48 && c <= 57;
    if (!upper && !lower && !digit) {
      flush(i);
      continue;
    }
    if (start < 0) {
      start = i;
      continue;
    }
    if (upper) {
      const prev = key.charCodeAt(i - 1);
      const prevLower = (prev >= 97 && prev <= 122) || (prev >= 48 && prev <= 57);
      const next = i + 1 < key.length ? key.charCodeAt(i + 1) : 0;
      const nextLower = next >= 97 && next <= 122;
      const prevUpper = prev >= 65 && prev <= 90;
      // fooBar -> foo|Bar; APIKey -> API|Key
      if (prevLower || (prevUpper && nextLower)) {
        flush(i);
        start = i;
      }
    }
  }
  flush(key.length);
  return tokens;
}

/** Options of {@link createKeyMatcher}. */
export interface KeyMatcherOptions {
  useDefaults: boolean;
  sensitive: Array<string | RegExp>;
  safe: string[];
}

/** A cached predicate: is a value under this key sensitive by its name? */
export type KeyMatcher = (key: string) => boolean;

const CACHE_LIMIT = 4096;

/** Compile key rules once; answers are cached per key string (bounded). */
export function createKeyMatcher(options: KeyMatcherOptions): KeyMatcher {
  const single = new Set<string>(options.useDefaults ? DEFAULT_SENSITIVE_TOKENS : []);
  const sequences: string[][] = [];
  const regexps: RegExp[] = [];
  for (const entry of options.sensitive) {
    if (typeof entry !== 'string') {
      regexps.push(entry);
      continue;
    }
    const tokens = tokenizeKey(entry);
    if (tokens.length === 1) single.add(tokens[0]!);
    else if (tokens.length > 1) sequences.push(tokens);
  }
  const safe = new Set(options.safe.map((s) => tokenizeKey(s).join(' ')));
  const neutral = new Set(NEUTRAL_LAST_TOKENS);
  const cache = new Map<string, boolean>();

  const decide = (key: string): boolean => {
    for (const re of regexps) {
      re.lastIndex = 0;
      if (re.test(key)) return true;
    }
    const tokens = tokenizeKey(key);
    if (tokens.length === 0) return false;
    if (safe.size > 0 && safe.has(tokens.join(' '))) return false;
    let hitBeforeLast = false;
    let hitLast = false;
    const last = tokens.length - 1;
    for (let i = 0; i <= last; i++) {
      const t = tokens[i]!;
      if (single.has(t) || (i < last && single.has(t + tokens[i + 1]!))) {
        if (i === last || (i === last - 1 && !single.has(t) && single.has(t + tokens[i + 1]!))) hitLast = true;
        else hitBeforeLast = true;
      }
    }
    for (const seq of sequences) {
      if (containsSequence(tokens, seq)) return true;
    }
    if (hitLast) return true;
    return hitBeforeLast && !neutral.has(tokens[last]!);
  };

  return (key: string): boolean => {
    let verdict = cache.get(key);
    if (verdict === undefined) {
      verdict = decide(key);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, verdict);
    }
    return verdict;
  };
}

function containsSequence(tokens: string[], seq: string[]): boolean {
  outer: for (let i = 0; i + seq.length <= tokens.length; i++) {
    for (let j = 0; j < seq.length; j++) {
      if (tokens[i + j] !== seq[j]) continue outer;
    }
    return true;
  }
  return false;
}
