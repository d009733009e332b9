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

/**
 * Split a key into lowercase tokens: at every character outside [A-Za-z0-9], between a lowercase
 * letter or digit and an uppercase letter (`fooBar`), and before the last capital of an acronym
 * that starts a word (`APIKey` -> `api`, `key`).
 */
export function tokenizeKey(key: string): string[] {
  return key
    .replace(/[a-z\d](?=[A-Z])|[A-Z](?=[A-Z][a-z])/g, '$& ')
    .split(/[^A-Za-z\d]+/)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
}

/** Options of {@link createKeyMatcher}. */
export interface KeyMatcherOptions {
  useDefaults: boolean;
  sensitive: Array<string | RegExp>;
  safe: string[];
}

/** A cached predicate: is a value under this key sensitive by its name? */
export type KeyMatcher = (key: string) => boolean;

/** Compile key rules once; answers are cached per key string (bounded: keys are attacker-controlled). */
export function createKeyMatcher(options: KeyMatcherOptions): KeyMatcher {
  const single = new Set<string>(options.useDefaults ? DEFAULT_SENSITIVE_TOKENS : []);
  // Multi-token names and keys compare as ' a b c ': tokens hold only [a-z0-9], so a substring
  // match of the spaced forms is a match of consecutive tokens.
  const sequences: string[] = [];
  const regexps: RegExp[] = [];
  for (const entry of options.sensitive) {
    if (typeof entry !== 'string') regexps.push(entry);
    else {
      const tokens = tokenizeKey(entry);
      if (tokens.length === 1) single.add(tokens[0]!);
      else if (tokens.length > 1) sequences.push(` ${tokens.join(' ')} `);
    }
  }
  const safe = options.safe.map((s) => tokenizeKey(s).join(' '));
  const cache = new Map<string, boolean>();

  const decide = (key: string): boolean => {
    if (regexps.some((re) => ((re.lastIndex = 0), re.test(key)))) return true;
    const tokens = tokenizeKey(key);
    const last = tokens.length - 1;
    if (last < 0 || safe.includes(tokens.join(' '))) return false;
    let hitBeforeLast = false;
    let hitLast = false;
    tokens.forEach((t, i) => {
      // A pair of adjacent tokens also counts joined: `api` + `key` -> `apikey`.
      const pair = i < last && single.has(t + tokens[i + 1]!);
      if (single.has(t) || pair) {
        if (i === last || (i === last - 1 && pair && !single.has(t))) hitLast = true;
        else hitBeforeLast = true;
      }
    });
    const spaced = ` ${tokens.join(' ')} `;
    return hitLast || sequences.some((seq) => spaced.includes(seq)) || (hitBeforeLast && !NEUTRAL_LAST_TOKENS.includes(tokens[last]!));
  };

  return (key: string): boolean => {
    let verdict = cache.get(key);
    if (verdict === undefined) {
      verdict = decide(key);
      if (cache.size >= 4096) cache.clear();
      cache.set(key, verdict);
    }
    return verdict;
  };
}
