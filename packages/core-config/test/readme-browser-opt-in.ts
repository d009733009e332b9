import { browserTracingIntegration, initSentryBrowser, makeBrowserOfflineTransport } from '@causal-organism/core-config/browser';

initSentryBrowser({
  env: { SENTRY_DSN: 'https://key@o1.ingest.sentry.io/42', SENTRY_TRACES_SAMPLE_RATE: '0.1' },
  tracingIntegration: browserTracingIntegration(),
  offline: makeBrowserOfflineTransport,
});
