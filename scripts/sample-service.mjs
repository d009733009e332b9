// A minimal service: one init call, then the kinds of failure a real service has.
import { initSentry, captureException, captureMessage, addBreadcrumb } from '@causal-organism/core-config';
import { createLogger } from '@causal-organism/core-config/pino';

initSentry({ pino: { logLevels: ['warn', 'error'] } });
const log = createLogger();

addBreadcrumb({ category: 'orders', message: 'loaded order 42', level: 'info' });
captureException(new Error('Payment provider timed out'), { tags: { team: 'payments' }, user: { id: 'user-42' } });
captureMessage('Export queue is backing up', { level: 'warning', tags: { queue: 'exports' } });
for (let i = 0; i < 12; i++) captureException(new Error('Inventory service unavailable'));
log.error({ err: new TypeError("Cannot read properties of undefined (reading 'sku')"), orderId: 42 }, 'order sync failed');

// Finally, a crash: the kit captures it and delivers it before the process exits.
setTimeout(() => {
  throw new RangeError('Invalid array length while building the report');
}, 100);
