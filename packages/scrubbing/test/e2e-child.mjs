// Child process for the end-to-end leak test: a real @sentry/node client sending to the loopback
// receiver. Kept small on purpose. Input: SCRUB_E2E_DSN and SCRUB_E2E_SECRETS (JSON map name ->
// planted text) in the environment; SCRUB_E2E_INIT optionally names a module whose
// `init({ dsn, onScrubFailure, lateAdditions })` replaces the plain init below (core-config's test
// runs this same scenario through `initSentry`).
import * as Sentry from '@sentry/node';
import { scrubbingIntegration } from '../dist/index.js';

const dsn = process.env.SCRUB_E2E_DSN;
const s = JSON.parse(process.env.SCRUB_E2E_SECRETS);
const failures = [];

// User callbacks that put secrets back after the integration's main pass: the final guards
// (beforeSendEvent, beforeEnvelope) must still catch them. Keep these when switching the init.
const lateAdditions = {
  beforeSend(event) {
    event.extra = { ...event.extra, late: `added by beforeSend ${s.github}` };
    return event;
  },
  beforeSendLog(log) {
    log.attributes = { ...log.attributes, late: `added by beforeSendLog ${s.stripe}` };
    return log;
  },
};

async function init() {
  if (process.env.SCRUB_E2E_INIT) {
    const custom = await import(process.env.SCRUB_E2E_INIT);
    custom.init({ dsn, onScrubFailure: (e) => failures.push(String(e)), lateAdditions });
    return;
  }
  Sentry.init({
    dsn,
    tracesSampleRate: 1,
    integrations: [scrubbingIntegration({ onScrubFailure: (e) => failures.push(String(e)) })],
    ...lateAdditions,
  });
}

await init();

if (process.env.SCRUB_E2E_MODE === 'hostile') {
  // Data that makes scrubbing itself throw (a getter that fails): the event and the log must go
  // out reduced to a safe minimum, never raw.
  const hostile = {
    get boom() {
      throw new Error(`getter failed ${s.visa}`);
    },
  };
  Sentry.setExtra('hostile', hostile);
  Sentry.logger.info(`user ${s.email} paid with ${s.visa}`, { obj: hostile });
  Sentry.captureException(new Error(`charge failed for ${s.visa} with key ${s.aws}`));
  await Sentry.flush(10000);
  await Sentry.close(2000);
  process.stdout.write(JSON.stringify({ failures }));
  process.exit(0);
}

const pem = `-----BEGIN PRIVATE KEY-----\n${s.pemBody}\n-----END PRIVATE KEY-----`;

Sentry.setUser({ id: 'u_1', email: s.email, ip_address: s.ip });
Sentry.setTag('customer_email', s.email);
Sentry.setTag('checkout_note', `card ${s.visa}`);
Sentry.setExtra('debug', `auth header was Bearer ${s.jwt}; aws ${s.aws}`);
Sentry.setContext('payment', { card: s.mastercard2, iban: s.iban, note: `amex ${s.amex}, refund to ${s.iban}` });
Sentry.getCurrentScope().setAttributes({ scope_note: `github ${s.github}` });

Sentry.addBreadcrumb({
  category: 'http',
  message: `GET https://admin:${s.urlPassword}@db.internal/x?token=${s.stripe}`,
  data: { password: s.password, body: `{"apiKey":"${s.openai}"}` },
});
Sentry.addBreadcrumb({ category: 'console', message: `ssn ${s.ssn} key ${pem}` });

await Sentry.startSpan(
  {
    name: `charge ${s.visa}`,
    attributes: {
      'http.request.header.authorization': `Bearer ${s.jwt}`,
      'db.query.text': `UPDATE users SET password = '${s.password}' WHERE email = '${s.email}'`,
      note: `slack ${s.slack}`,
    },
  },
  async () => {
    await Sentry.startSpan({ name: `child for ${s.email}`, attributes: { iban: s.iban } }, async () => {
      Sentry.logger.info(`user ${s.email} paid with ${s.visa}`, { apiKey: s.github, note: `ssn ${s.ssn}` });
      Sentry.logger.warn(Sentry.logger.fmt`stripe key ${s.stripe} rejected`);
      Sentry.metrics.count('payments', 1, { attributes: { card: s.amex, user: s.email } });
      try {
        throw new Error(`charge failed for ${s.visa} with key ${s.aws} (pw=${s.password})`);
      } catch (error) {
        Sentry.captureException(error);
      }
    });
  },
);
Sentry.captureMessage(`password=${s.password} token: ${s.slack} for ${s.email}`);

// A real HTTP request through the SDK's Http integration: request data (url, query, headers,
// cookies, body) reaches events and the segment span through the SDK's own code paths.
const http = await import('node:http');
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    Sentry.captureException(new Error('checkout failed'));
    res.end('ok');
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
await fetch(`http://127.0.0.1:${port}/pay?token=${s.stripe}&card=${s.visa}&page=2`, {
  method: 'POST',
  headers: { authorization: `Bearer ${s.jwt}`, cookie: `session=${s.password}`, 'content-type': 'application/json', 'x-api-key': s.openai },
  body: JSON.stringify({ email: s.email, password: s.password, iban: s.iban, card: s.amex }),
});
await new Promise((resolve) => server.close(resolve));

await Sentry.flush(10000);
await Sentry.close(2000);
process.stdout.write(JSON.stringify({ failures }));
