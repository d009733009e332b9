import { describe, expect, it } from 'vitest';
import { createKeyMatcher, tokenizeKey } from './keys';

describe('tokenizeKey', () => {
  it('splits camelCase, PascalCase with acronyms, snake, kebab, dots and spaces', () => {
    expect(tokenizeKey('clientSecret')).toEqual(['client', 'secret']);
    expect(tokenizeKey('APIKey')).toEqual(['api', 'key']);
    expect(tokenizeKey('x-api-key')).toEqual(['x', 'api', 'key']);
    expect(tokenizeKey('password_hash')).toEqual(['password', 'hash']);
    expect(tokenizeKey('http.request.header.Set-Cookie')).toEqual(['http', 'request', 'header', 'set', 'cookie']);
    expect(tokenizeKey('oauth2Token')).toEqual(['oauth2', 'token']);
    expect(tokenizeKey('XMLHttpRequest')).toEqual(['xml', 'http', 'request']);
  });
});

describe('default sensitive keys', () => {
  const isSensitive = createKeyMatcher({ useDefaults: true, sensitive: [], safe: [] });
  it.each([
    'password', 'password_hash', 'Password', 'x-api-key', 'X-API-KEY', 'apiKey', 'api_key', 'apikey', 'clientSecret',
    'client_secret', 'authorization', 'Proxy-Authorization', 'access_token', 'accessToken', 'refreshToken', 'id_token',
    'session', 'sessionId', 'session_id', 'connect.sid', 'cookie', 'Set-Cookie', 'csrf_token', 'xsrf-token', 'mysql_pwd',
    'private_key', 'privateKey', 'passwd', 'passphrase', 'otp', 'two_factor', '2fa', 'jwt', 'bearer', 'credentials',
    'aws_secret_access_key', 'AccountKey', 'card_number', 'cardNumber', 'credit_card', 'cvv', 'cvc2', 'ssn', 'pin',
    'stripeToken', 'github_token', 'signature', 'X-Amz-Signature', 'db_password', 'secret_token', 'auth',
  ])('%s is sensitive', (key) => expect(isSensitive(key)).toBe(true));
  it.each([
    'keyboard', 'monkey', 'tokenizer_version', 'author', 'authority', 'passenger', 'password_length', 'token_type',
    'session_count', 'auth_method', 'max_tokens', 'input_tokens', 'gen_ai.usage.input_tokens', 'token_expires_at',
    'cache_key', 'key', 'id', 'email', 'user_id', 'cardinality', 'pinned', 'signal', 'inside', 'secretary_name_x',
    'sorting', 'compass', 'bypass_cache',
  ])('%s is not sensitive', (key) => expect(isSensitive(key)).toBe(false));
});

describe('options', () => {
  it('adds strings (token sequences) and RegExps, and honours safe keys', () => {
    const isSensitive = createKeyMatcher({ useDefaults: true, sensitive: ['orderSecretCode', 'iban_hint', /^x-internal-/i], safe: ['session_hint', 'PASSWORD_POLICY_ID'] });
    expect(isSensitive('order_secret_code')).toBe(true);
    expect(isSensitive('X-Order-Secret-Code')).toBe(true);
    expect(isSensitive('x-internal-route')).toBe(true);
    expect(isSensitive('session_hint')).toBe(false);
    expect(isSensitive('passwordPolicyId')).toBe(false);
  });
  it('can drop the defaults', () => {
    const isSensitive = createKeyMatcher({ useDefaults: false, sensitive: ['ticket'], safe: [] });
    expect(isSensitive('password')).toBe(false);
    expect(isSensitive('support_ticket')).toBe(true);
  });
});
