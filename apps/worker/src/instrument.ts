// Loaded first, with `node --import ./dist/instrument.js ./dist/worker.js`: Sentry v11 must be
// initialised before BullMQ and ioredis are imported so that their instrumentation applies.
import { initSentry } from '@causal-organism/core-config';
import { sentryErrorsTotal } from './metrics';

const errors = sentryErrorsTotal();

initSentry({
  onEventOutcome: (outcome) => {
    errors.inc({ level: outcome.level, outcome: outcome.kind }, outcome.quantity);
  },
});
