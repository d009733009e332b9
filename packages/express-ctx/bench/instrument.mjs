// Plain Sentry.init with stock defaults and no tracesSampleRate: the baseline express-ctx is
// measured against. The DSN points at a loopback receiver started by run.mjs.
import * as Sentry from '@sentry/node';

Sentry.init({ dsn: process.env.SENTRY_DSN });
