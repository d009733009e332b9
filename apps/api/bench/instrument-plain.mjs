// The baseline: plain Sentry.init with stock defaults and no tracesSampleRate (DSN from run.mjs).
import * as Sentry from '@sentry/node';

Sentry.init({ dsn: process.env.SENTRY_DSN });
