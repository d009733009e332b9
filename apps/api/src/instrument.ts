// Loaded with `node --import ./dist/instrument.js ./dist/server.js`: Sentry v11 must be initialised
// before express, pg and ioredis are loaded so its instrumentation can hook them.
import { initSentry } from '@causal-organism/core-config';
import { recordEventOutcome } from './metrics';

initSentry({ onEventOutcome: recordEventOutcome });
