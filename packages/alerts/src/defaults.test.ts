import { expect, it } from 'vitest';
import { platformDefaultRules } from './defaults';

it('the platform defaults are "more than 10 errors in 60 s" and "new error-or-fatal issue", scoped when asked', () => {
  const actions = [{ type: 'webhook', url: 'http://127.0.0.1:9/hook' } as const];
  const [rate, fresh] = platformDefaultRules({ actions, environment: 'production' });
  expect(rate).toEqual({ kind: 'error-rate', name: 'Error rate above 10/min', threshold: 10, windowSeconds: 60, actions, environment: 'production' });
  expect(fresh).toEqual({ kind: 'new-issue', name: 'New error type', levels: ['error', 'fatal'], actions, environment: 'production' });
  expect(platformDefaultRules({ actions })[0]).not.toHaveProperty('environment');
});
