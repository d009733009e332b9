import { initSentryBrowser } from '@causal-organism/core-config/browser';

initSentryBrowser({ env: { SENTRY_DSN: 'https://key@o1.ingest.sentry.io/42', SENTRY_ENVIRONMENT: 'web' } });
