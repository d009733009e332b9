// The browser entry's integration inside a real @sentry/browser client (fetch transport) sending to
// the loopback receiver: errors, messages, breadcrumbs, user, tags, extra, contexts, logs and spans
// full of planted secrets; none of them may be in any received byte.
import { startTestReceiver, type TestReceiver } from '@causal-organism/test-receiver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRETS } from '../test/secrets';
import { scrubbingIntegration } from './browser';

describe('browser entry: real @sentry/browser client -> loopback receiver', () => {
  let receiver: TestReceiver;
  const failures: unknown[] = [];

  beforeAll(async () => {
    receiver = await startTestReceiver();
    const Sentry = await import('@sentry/browser');
    Sentry.init({
      dsn: receiver.dsn,
      // Browser-only integrations need a DOM; this test is about what this integration does.
      defaultIntegrations: false,
      integrations: [scrubbingIntegration({ onScrubFailure: (error) => failures.push(error) })],
      tracesSampleRate: 1,
      sendClientReports: false,
      // Puts a secret back after the main pass: the beforeSendEvent guard must still catch it.
      beforeSend(event) {
        event.extra = { ...event.extra, late: `added by beforeSend ${SECRETS.github}` };
        return event;
      },
    });
    Sentry.setUser({ id: 'u_1', email: SECRETS.email, ip_address: SECRETS.ip });
    Sentry.setTag('card', SECRETS.amex);
    Sentry.setExtra('body', { password: SECRETS.password, note: `iban ${SECRETS.iban}, ssn ${SECRETS.ssn}` });
    Sentry.setContext('db', { url: `postgres://app:${SECRETS.urlPassword}@db.internal:5432/main`, key: `-----BEGIN PRIVATE KEY-----\n${SECRETS.pemBody}\n-----END PRIVATE KEY-----` });
    Sentry.addBreadcrumb({ category: 'fetch', message: `GET /reset?token=${SECRETS.jwt}`, data: { url: `https://api.example.com/pay?card=${SECRETS.mastercard2}` } });
    Sentry.startSpan({ name: `charge ${SECRETS.visa}`, attributes: { 'http.request.header.authorization': `Bearer ${SECRETS.openai}` } }, () => {
      Sentry.captureException(new Error(`charge failed for ${SECRETS.visa}; key ${SECRETS.aws}`));
    });
    Sentry.captureMessage(`slack ${SECRETS.slack} stripe ${SECRETS.stripe}`);
    Sentry.logger.info(`login for ${SECRETS.email} with pw=${SECRETS.password}`, { card: SECRETS.visa });
    await Sentry.flush(10_000);
    await receiver.waitFor((r) => r.events().length >= 2 && r.items('log').length > 0);
    await Sentry.close(2000);
  }, 60_000);

  afterAll(async () => {
    await receiver?.close();
  });

  it('events and logs arrived, scrubbed, and nothing failed', () => {
    expect(failures).toEqual([]);
    const events = receiver.events();
    expect(events.some((e) => e.exception?.values?.[0]?.value === 'charge failed for [creditcard]; key [token]')).toBe(true);
    expect(events.some((e) => e.extra?.late === 'added by beforeSend [token]')).toBe(true);
    const raw = Buffer.concat(receiver.envelopes.map((e) => e.raw)).toString('utf8');
    for (const marker of ['[creditcard]', '[jwt]', '[token]', '[Filtered]', '[us-ssn]', '[iban]', '[pemkey]', '[auth]']) {
      expect(raw, `expected ${marker} somewhere in what was sent`).toContain(marker);
    }
  });

  it('no planted secret appears in any received byte', () => {
    const raw = Buffer.concat(receiver.envelopes.map((e) => e.raw));
    expect(Object.entries(SECRETS).filter(([, secret]) => raw.includes(secret)).map(([name]) => name)).toEqual([]);
  });
});
