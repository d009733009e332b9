// instrument.ts — loaded with `node --import ./dist/instrument.js dist/server.js`
import { initSentry, onShutdown, captureException } from '@causal-organism/core-config';
import { createLogger } from '@causal-organism/core-config/pino';

const { enabled, config } = initSentry({
  ignoreErrorClasses: ['AbortError'],
  onEventOutcome: (outcome) => {
    // e.g. sentryErrorsTotal.inc({ level: outcome.level, outcome: outcome.kind }, outcome.quantity)
    void outcome;
  },
});

export const log = createLogger();
onShutdown(async () => {
  // close servers and queues here; anything they throw is captured before exit
});
if (!enabled) log.warn({ environment: config.environment }, 'error tracking disabled');
captureException(new Error('example'), { tags: { team: 'payments' } });
