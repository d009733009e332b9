// Loaded with `node --import ./dist/instrument.js ./dist/server.js`: Sentry v11 must be initialised
// before express, pg and ioredis are loaded so its instrumentation can hook them.
import { initSentry } from '@causal-organism/core-config';
import { recordEventOutcome } from './metrics';

initSentry({
  onEventOutcome: recordEventOutcome,
  // Requirement 17.4 wants the client IP on the user; express-ctx sets it from `req.ip` (which
  // honours `trust proxy`). IPs anywhere else (messages, headers, breadcrumbs) stay masked.
  scrubbing: { safePaths: ['user.ip_address'] },
});
