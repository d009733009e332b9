import { describe, expect, it } from 'vitest';
import { parseSentryEnv } from './env';
import { parseDsn } from './dsn';

const DSN = 'https://abc123@o1.ingest.sentry.io/42';

describe('parseSentryEnv', () => {
  it('defaults: production, debug off, nothing else set', () => {
    expect(parseSentryEnv({})).toEqual({ ok: true, config: { environment: 'production', debug: false } });
  });

  it('reads every variable with a good value', () => {
    const result = parseSentryEnv({
      SENTRY_DSN: DSN,
      SENTRY_ENVIRONMENT: 'staging',
      SENTRY_RELEASE: 'api@1.4.2',
      SENTRY_DEBUG: 'yes',
      SENTRY_SAMPLE_RATE: '0.25',
      SENTRY_TRACES_SAMPLE_RATE: '.1',
      SENTRY_SPOTLIGHT: 'http://localhost:8969/stream',
      SENTRY_SERVER_NAME: 'api-1',
      SENTRY_THROTTLE_PER_MINUTE: '120',
      SENTRY_LOCAL_VARIABLES: 'off',
      SENTRY_SPOOL_DIR: '/var/lib/spool',
    });
    expect(result).toEqual({
      ok: true,
      config: {
        dsn: DSN,
        environment: 'staging',
        release: 'api@1.4.2',
        debug: true,
        sampleRate: 0.25,
        tracesSampleRate: 0.1,
        spotlight: 'http://localhost:8969/stream',
        serverName: 'api-1',
        throttlePerMinute: 120,
        localVariables: false,
        spoolDir: '/var/lib/spool',
      },
    });
  });

  it('treats empty strings as unset, as orchestrators write them', () => {
    expect(parseSentryEnv({ SENTRY_DSN: '', SENTRY_ENVIRONMENT: ' ', SENTRY_SAMPLE_RATE: '' })).toEqual({
      ok: true,
      config: { environment: 'production', debug: false },
    });
  });

  it.each([
    ['SENTRY_SAMPLE_RATE', '2', 'between 0 and 1'],
    ['SENTRY_SAMPLE_RATE', 'half', 'between 0 and 1'],
    ['SENTRY_SAMPLE_RATE', '-0.5', 'between 0 and 1'],
    ['SENTRY_TRACES_SAMPLE_RATE', '1.5', 'between 0 and 1'],
    ['SENTRY_DEBUG', 'maybe', 'true or false'],
    ['SENTRY_LOCAL_VARIABLES', '2', 'true or false'],
    ['SENTRY_SPOTLIGHT', 'localhost:8969', 'http(s) URL'],
    ['SENTRY_ENVIRONMENT', 'prod/eu', 'slashes'],
    ['SENTRY_ENVIRONMENT', 'x'.repeat(65), 'at most 64'],
    ['SENTRY_RELEASE', '..', 'must not be'],
    ['SENTRY_RELEASE', 'a\nb', 'line breaks'],
    ['SENTRY_THROTTLE_PER_MINUTE', '0', 'at least 1'],
    ['SENTRY_THROTTLE_PER_MINUTE', '1.5', 'whole number'],
  ])('%s=%j is rejected: %s', (name, value, problem) => {
    const result = parseSentryEnv({ [name]: value });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]!.name).toBe(name);
    expect(result.issues[0]!.problem).toContain(problem);
    expect(result.issues[0]!.example).not.toBe('');
  });

  it('reports every bad variable at once', () => {
    const result = parseSentryEnv({ SENTRY_DSN: 'nope', SENTRY_SAMPLE_RATE: '7', SENTRY_DEBUG: 'perhaps' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.name).sort()).toEqual(['SENTRY_DEBUG', 'SENTRY_DSN', 'SENTRY_SAMPLE_RATE']);
  });
});

describe('parseDsn accepts what Sentry accepts and nothing else', () => {
  it.each([
    'https://abc123@o1.ingest.sentry.io/42',
    'http://public@127.0.0.1:9000/1',
    'https://key@sentry.example.com/sentry/prefix/7/',
    'https://key:secret@sentry.example.com:8443/12',
    'http://k@[::1]:8080/3',
  ])('accepts %s', (dsn) => {
    expect(parseDsn(dsn).ok).toBe(true);
  });

  it('keeps the path prefix and port', () => {
    const parsed = parseDsn('https://key@sentry.example.com:8443/sentry/prefix/7');
    expect(parsed).toEqual({
      ok: true,
      dsn: { protocol: 'https', publicKey: 'key', host: 'sentry.example.com', port: '8443', path: '/sentry/prefix', projectId: '7' },
    });
  });

  it.each([
    ['o1.ingest.sentry.io/42', 'http:// or https://'],
    ['ftp://k@host/1', 'http:// or https://'],
    ['https://o1.ingest.sentry.io/42', 'public key'],
    ['https://k@o1.ingest.sentry.io/project', 'numeric project id'],
    ['https://k@o1.ingest.sentry.io/', 'numeric project id'],
    ['https://k@host:99999/1', 'out of range'],
  ])('rejects %s (%s)', (dsn, problem) => {
    const parsed = parseDsn(dsn);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });

  it('never prints the key in the error', () => {
    const result = parseSentryEnv({ SENTRY_DSN: 'https://supersecretkey@host/notanumber' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(JSON.stringify(result.issues)).not.toContain('supersecretkey');
  });
});
